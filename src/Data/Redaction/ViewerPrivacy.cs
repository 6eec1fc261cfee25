using System.Text.Json;
using AuditExplorer.Data.Access.Permissions;
using AuditExplorer.Data.AsOf;
using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Data.Redaction;

/// <summary>
/// The one place that decides what personal data a viewer sees. Every read result passes through it before it
/// becomes a component parameter, circuit state or download, so nothing the viewer may not see leaves the data
/// core: the tenant's personal JSON paths, other people's names and e-mail addresses, and network details of
/// someone else's request (IP, user agent, session).
/// </summary>
public sealed class ViewerPrivacy
{
    /// <summary>What a hidden value shows instead.</summary>
    public const string Marker = PersonalDataRedactor.Marker;

    /// <summary>Documents larger than this (old + new, in characters) are compared off the caller's thread.</summary>
    public const int BackgroundThreshold = 64 * 1024;

    private static readonly string[] PersonalContextKeys = ["ip", "user_agent", "session_id"];

    private readonly string _viewerSubjectId;
    private readonly bool _seesAccessLog;

    private ViewerPrivacy(string viewerSubjectId, RedactionPolicy policy, bool seesAccessLog)
    {
        _viewerSubjectId = viewerSubjectId;
        Policy = policy;
        _seesAccessLog = seesAccessLog;
    }

    /// <summary>
    /// The privacy rules for one viewer of one tenant. Access events (who looked at the log, and why) follow the
    /// access-log grant: an audit admin oversees colleagues' access in full while business data stays redacted.
    /// </summary>
    public static ViewerPrivacy For(string viewerSubjectId, IEnumerable<string> viewerRoles, IEnumerable<string> tenantPersonalPaths)
    {
        ArgumentException.ThrowIfNullOrEmpty(viewerSubjectId);
        var roles = viewerRoles as IReadOnlyCollection<string> ?? [.. viewerRoles];
        return new ViewerPrivacy(viewerSubjectId, RedactionPolicy.ForViewer(roles, tenantPersonalPaths),
            PermissionMatrix.For(roles, ExplorerAction.ViewAccessLog) == AccessGrant.Full);
    }

    /// <summary>The redaction policy behind these rules.</summary>
    public RedactionPolicy Policy { get; }

    /// <summary>True when personal data is hidden from this viewer.</summary>
    public bool IsRedacting => Policy.IsRedacting;

    /// <summary>
    /// True when this viewer may see the personal values kept outside the hashed bytes (docs/personal-data.md):
    /// views put them where their commitments are, and this viewer's evidence packages carry them with their salts.
    /// </summary>
    public bool SeesPersonalValues => !IsRedacting;

    /// <summary>
    /// The stored JSON with every personal-value commitment replaced: by its value for a viewer who
    /// <see cref="SeesPersonalValues"/>, by <see cref="Marker"/> for everyone else, and by
    /// <see cref="PersonalCommitment.ErasedMarker"/> for everyone once the subject is erased.
    /// </summary>
    /// <exception cref="InvalidAuditJsonException">The document or a value is not valid JSON.</exception>
    public string? Resolve(string? json, RevealedValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return CommitmentResolver.Resolve(json, values, SeesPersonalValues);
    }

    /// <summary>A record's history with its commitments resolved for this viewer, ready to be replayed.</summary>
    public IReadOnlyList<RecordChange> Show(IEnumerable<RecordChange> history, RevealedValues values)
    {
        ArgumentNullException.ThrowIfNull(history);
        return [.. history.Select(c => c with { OldValues = Resolve(c.OldValues, values), NewValues = Resolve(c.NewValues, values) })];
    }

    /// <summary>A timeline page with the names (and access events' contexts) of other people the viewer may not see removed.</summary>
    public TimelinePage Show(TimelinePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page with { Rows = ShowRows(page.Rows) };
    }

    /// <summary>One event with its values compared and redacted; large documents are compared on a pool thread.</summary>
    public Task<EventForViewer> ShowAsync(EventDetail detail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var size = (detail.Event.OldValues?.Length ?? 0) + (detail.Event.NewValues?.Length ?? 0);
        return size < BackgroundThreshold ? Task.FromResult(Show(detail)) : Task.Run(() => Show(detail), ct);
    }

    /// <summary>One event with its values compared and redacted, on the caller's thread.</summary>
    public EventForViewer Show(EventDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var e = detail.Event;
        var hideOthers = HidesActor(e.ActorId, e.ChangeKind);
        var actorLabel = hideOthers ? Marker : detail.Actor?.DisplayName ?? e.ActorId;
        var (changes, problem) = Compare(e.OldValues, e.NewValues, detail.Personal);
        return new EventForViewer(e.Id, e.OccurredAt, e.RecordedAt, e.ActorId, e.ActorKind, actorLabel, e.Action, e.ChangeKind,
            e.EntityType, e.EntityId, e.SchemaVersion, ContextRows(e.Context, hideOthers), changes, problem,
            ShowRows(detail.Correlated), IsRedacting);
    }

    /// <summary>A reconstructed record state with personal values replaced by the marker.</summary>
    /// <exception cref="InvalidAuditJsonException">The state is not valid JSON.</exception>
    /// <exception cref="InvalidJsonPathException">The tenant's personal paths cannot be applied (nothing is shown then).</exception>
    public ReconstructedState Show(ReconstructedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Json is null || !IsRedacting ? state : state with { Json = new PersonalDataRedactor(Policy).RedactJson(state.Json) };
    }

    /// <summary>
    /// A stored event as this viewer may see it outside the explorer (a stream's deliveries): values at the tenant's
    /// personal paths and other people's IP, user agent and session id become <see cref="Marker"/>, and every context
    /// value of an access event does too for a viewer without the access log. Personal-value commitments stay as
    /// they are (the value behind one is never resolved here). <paramref name="changed"/> is true when anything was
    /// hidden, since the event then no longer matches its hash. Fails closed: values that cannot be redacted are
    /// replaced whole.
    /// </summary>
    public AuditEvent Redact(AuditEvent stored, out bool changed)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var hideOthers = HidesActor(stored.ActorId, stored.ChangeKind);
        var hideAllContext = stored.ChangeKind == ChangeKinds.Access && !_seesAccessLog && stored.ActorId != _viewerSubjectId;
        var oldValues = RedactValues(stored.OldValues);
        var newValues = RedactValues(stored.NewValues);
        var context = hideOthers || hideAllContext ? RedactContext(stored.Context, hideAllContext) : stored.Context;
        changed = !ReferenceEquals(oldValues, stored.OldValues) || !ReferenceEquals(newValues, stored.NewValues)
                  || !ReferenceEquals(context, stored.Context);
        if (!changed) return stored;
        return new AuditEvent
        {
            TenantId = stored.TenantId, Id = stored.Id, OccurredAt = stored.OccurredAt, RecordedAt = stored.RecordedAt,
            ActorId = stored.ActorId, ActorKind = stored.ActorKind, Action = stored.Action, ChangeKind = stored.ChangeKind,
            EntityType = stored.EntityType, EntityId = stored.EntityId, SchemaVersion = stored.SchemaVersion,
            OldValues = oldValues, NewValues = newValues, Context = context,
        };
    }

    private string? RedactValues(string? json)
    {
        if (json is null || !IsRedacting) return json;
        try
        {
            var redacted = new PersonalDataRedactor(Policy).RedactJson(json);
            return redacted == json ? json : redacted;
        }
        catch (Exception ex) when (ex is InvalidAuditJsonException or InvalidJsonPathException)
        {
            return PersonalDataRedactor.MarkerJson;
        }
    }

    private static string RedactContext(string json, bool everyValue)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return "{}";
            var hidden = false;
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (everyValue || PersonalContextKeys.Contains(p.Name))
                    {
                        writer.WriteString(p.Name, Marker);
                        hidden = true;
                    }
                    else
                    {
                        p.WriteTo(writer);
                    }
                }
                writer.WriteEndObject();
            }
            return hidden ? System.Text.Encoding.UTF8.GetString(buffer.ToArray()) : json;
        }
        catch (JsonException)
        {
            return "{}";
        }
    }

    private List<TimelineRow> ShowRows(IReadOnlyList<TimelineRow> rows) =>
        rows.Select(r => HidesActor(r.ActorId, r.ChangeKind) ? r with { ActorName = null, AccessContext = null } : r).ToList();

    private bool HidesActor(string actorId, string changeKind) =>
        actorId != _viewerSubjectId && (changeKind == ChangeKinds.Access ? !_seesAccessLog : IsRedacting);

    private (ChangeComparison?, string?) Compare(string? oldJson, string? newJson, RevealedValues personal)
    {
        try
        {
            return (ChangeComparison.Build(Resolve(oldJson, personal), Resolve(newJson, personal), Policy), null);
        }
        catch (InvalidAuditJsonException ex)
        {
            return (null, $"These values cannot be compared. {ex.Message}");
        }
        catch (InvalidJsonPathException ex)
        {
            // Fail closed: if the tenant's personal paths cannot be applied, show nothing rather than everything.
            return (null, $"Values are hidden because this tenant's personal-data settings cannot be applied. {ex.Message}");
        }
    }

    private static List<KeyValuePair<string, string>> ContextRows(string json, bool hideOthers)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return [];
            return doc.RootElement.EnumerateObject()
                .Select(p => new KeyValuePair<string, string>(p.Name, hideOthers && PersonalContextKeys.Contains(p.Name) ? Marker
                    : p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText()))
                .ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
