namespace AuditExplorer.Data.Demo;

/// <summary>
/// One tenant's evolving state (content, team, sessions) and the requests that change it. Each
/// request yields one or more events that share a request id and correlation id.
/// </summary>
internal sealed class TenantHistory
{
    public const string ScriptTitle = "<script>alert(1)</script>";
    public const string FormulaCustomer = "=cmd|' /C calc'!A0";

    private const int MaxLiveItems = 4000;
    private const int MaxMembers = 2000;
    private static readonly string[] ContentTypes = ["article", "article", "page", "contract"];

    private readonly DemoTenant _tenant;
    private readonly DemoActor[] _actors;
    private readonly int _userCount;
    private readonly Random _rng;
    private readonly ContentItemJson _items;
    private readonly JsonTextBuilder _json;
    private readonly List<ContentItem> _live = [];
    private readonly List<TeamMember> _members = [];
    private readonly string?[] _sessions;
    private long _nextNumber;
    private string? _lastCorrelation;
    private int _lastActor = -1;
    private bool _plantScript, _plantFormula, _plantLarge = true;

    public TenantHistory(DemoTenant tenant, DemoActor[] actors, Random rng, long firstNumber, bool plantInjectionSamples)
    {
        _tenant = tenant;
        _actors = actors;
        _userCount = actors.Count(a => a.Kind == DemoActorCatalog.User);
        _rng = rng;
        _json = new JsonTextBuilder();
        var authors = actors.Select(a => $"{{\"id\":{JsonTextBuilder.Quote(a.SubjectId)},\"name\":{JsonTextBuilder.Quote(a.DisplayName)}}}").ToArray();
        _items = new ContentItemJson(_json, authors);
        _sessions = new string?[actors.Length];
        _nextNumber = firstNumber;
        _plantScript = _plantFormula = plantInjectionSamples;
    }

    public DemoTenant Tenant => _tenant;

    /// <summary>Appends the events of one request starting at <paramref name="at"/>.</summary>
    public void NextRequest(DateTime at, List<DemoEvent> output)
    {
        var roll = _rng.NextDouble();
        var request = new Request(this, at, output);
        if (_live.Count < 3 || roll < 0.10) CreateContent(request);
        else if (roll < 0.58) EditContent(request);
        else if (roll < 0.64) Publish(request);
        else if (roll < 0.67) Archive(request);
        else if (roll < 0.69) Delete(request);
        else if (roll < 0.735 || _members.Count < 2) Invite(request);
        else if (roll < 0.765) ChangeRole(request);
        else if (roll < 0.78) UpdateContactDetails(request);
        else if (roll < 0.80) Deactivate(request);
        else if (roll < 0.84) ChangePermission(request);
        else if (roll < 0.91) Download(request);
        else SignIn(request);
    }

    private void CreateContent(Request request)
    {
        var type = _plantLarge || _plantFormula ? "contract" : ContentTypes[_rng.Next(ContentTypes.Length)];
        var actor = _rng.Next(10) == 0 ? ActorOfKind(DemoActorCatalog.ApiKey) : AnyUser();
        var number = ++_nextNumber;
        var item = new ContentItem
        {
            Type = type,
            Id = $"{type}-{number}",
            Title = DemoVocabulary.Titles[_rng.Next(DemoVocabulary.Titles.Length)],
            Paragraphs = NewParagraphs(),
            LargeBody = type == "contract" && (_plantLarge || _rng.Next(2000) == 0) ? _rng.Next(DemoVocabulary.LargeBodies.Length) : -1,
            Tags = NewTags(),
            Author = actor < _userCount ? actor : AnyUser(),
            Locale = _rng.Next(DemoVocabulary.Locales.Length),
            LineItems = type == "contract" ? NewLineItems() : null,
            CustomerName = type == "contract" ? JsonTextBuilder.Quote(_plantFormula ? FormulaCustomer : PersonName()) : null,
            CustomerEmail = type == "contract" ? JsonTextBuilder.Quote($"buyer{number}@customer{_rng.Next(1, 400)}.example") : null,
        };
        if (type == "contract") _plantLarge = _plantFormula = false;
        Remember(item);
        request.Begin(actor);
        request.Add($"{type}.create", "create", type, item.Id, null, _items.Full(item));
    }

    private void EditContent(Request request)
    {
        var item = RecentItem();
        var actor = _rng.Next(20) == 0 ? ActorOfKind(DemoActorCatalog.Service, "svc-sync") : AnyUser();
        request.Begin(actor);
        // Autosave: an editor's request often saves several changes to the same item at once.
        var saves = _rng.Next(6) == 0 ? _rng.Next(2, 4) : 1;
        for (var i = 0; i < saves; i++) EditOnce(request, item);
    }

    private void EditOnce(Request request, ContentItem item)
    {
        var kind = _plantScript ? 0 : _rng.Next(item.LineItems is null ? 7 : 8);
        var json = _json;
        json.Begin();
        switch (kind)
        {
            case 0: json.Raw("title", item.Title); break;
            case 1: if (item.LargeBody >= 0) goto case 0; _items.Body(item); break;
            case 2: _items.Tags(item); break;
            case 3: _items.Metadata(item); break;
            case 4: _items.Author(item); break;
            case 5: json.String("status", item.Status); break;
            case 6: json.Raw("title", item.Title); _items.Tags(item); json.String("status", item.Status); break;
            default: _items.Value(item); _items.LineItems(item); break;
        }
        var old = json.Number("version", item.Version).Finish();

        item.Version++;
        json.Begin();
        switch (kind)
        {
            case 0:
                item.Title = _plantScript ? JsonTextBuilder.Quote(ScriptTitle) : DemoVocabulary.Titles[_rng.Next(DemoVocabulary.Titles.Length)];
                _plantScript = false;
                json.Raw("title", item.Title);
                break;
            case 1:
                if (item.LargeBody >= 0) goto case 0;
                item.Paragraphs = EditParagraphs(item.Paragraphs);
                _items.Body(item);
                break;
            case 2: item.Tags[_rng.Next(item.Tags.Count)] = _rng.Next(DemoVocabulary.Tags.Length); _items.Tags(item); break;
            case 3: item.Locale = _rng.Next(DemoVocabulary.Locales.Length); _items.Metadata(item); break;
            case 4: item.Author = AnyUser(); _items.Author(item); break;
            case 5: item.Status = NextStatus(item.Status); json.String("status", item.Status); break;
            case 6:
                item.Title = DemoVocabulary.Titles[_rng.Next(DemoVocabulary.Titles.Length)];
                item.Tags.Add(_rng.Next(DemoVocabulary.Tags.Length));
                item.Status = NextStatus(item.Status);
                json.Raw("title", item.Title); _items.Tags(item); json.String("status", item.Status);
                break;
            default: EditLineItems(item.LineItems!); _items.Value(item); _items.LineItems(item); break;
        }
        request.Add($"{item.Type}.update", "update", item.Type, item.Id, old, json.Number("version", item.Version).Finish());
    }

    private void Publish(Request request)
    {
        var item = RecentItem();
        request.Begin(_rng.Next(3) == 0 ? ActorOfKind(DemoActorCatalog.Service, "svc-publisher") : AnyUser());
        if (_rng.Next(3) == 0) EditOnce(request, item);
        var old = _json.Begin().String("status", item.Status).Null("published_at").Number("version", item.Version).Finish();
        item.Status = "published";
        item.Version++;
        var published = _json.Begin().String("status", item.Status)
            .String("published_at", request.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
            .Number("version", item.Version).Finish();
        request.Add($"{item.Type}.publish", "update", item.Type, item.Id, old, published);
    }

    private void Archive(Request request)
    {
        var index = _rng.Next(_live.Count);
        var item = _live[index];
        request.Begin(_rng.Next(2) == 0 ? ActorOfKind(DemoActorCatalog.System) : AnyUser());
        var old = _json.Begin().String("status", item.Status).Number("version", item.Version).Finish();
        item.Status = "archived";
        item.Version++;
        request.Add($"{item.Type}.archive", "update", item.Type, item.Id, old,
            _json.Begin().String("status", item.Status).Number("version", item.Version).Finish());
        Forget(index);
    }

    private void Delete(Request request)
    {
        var index = _rng.Next(_live.Count);
        var item = _live[index];
        request.Begin(AnyUser());
        request.Add($"{item.Type}.delete", "delete", item.Type, item.Id, _items.Summary(item), null);
        Forget(index);
    }

    private void Invite(Request request)
    {
        var name = PersonName();
        var number = ++_nextNumber;
        var member = new TeamMember
        {
            Id = $"user-{number}",
            Name = JsonTextBuilder.Quote(name),
            Email = JsonTextBuilder.Quote($"{name.Split(' ')[0].ToLowerInvariant()}.{number}@{_tenant.Domain}"),
            Phone = JsonTextBuilder.Quote($"+44 20 7946 {_rng.Next(0, 1000):0000}"),
            Role = DemoVocabulary.Roles[_rng.Next(DemoVocabulary.Roles.Length - 1)],
        };
        if (_members.Count >= MaxMembers) _members.RemoveAt(_rng.Next(_members.Count));
        _members.Add(member);
        request.Begin(AdminOrUser());
        request.Add("user.invite", "create", "user", member.Id, null,
            _json.Begin().Raw("name", member.Name).Raw("email", member.Email).Raw("phone", member.Phone)
                .String("role", member.Role).String("status", "invited").Finish());
        // Inviting into a workspace also grants access to it: same request, same correlation id.
        if (_rng.Next(2) == 0 && _live.Count > 0) Grant(request, member, _live[_rng.Next(_live.Count)]);
    }

    private void ChangeRole(Request request)
    {
        var member = _members[_rng.Next(_members.Count)];
        request.Begin(AdminOrUser());
        var old = _json.Begin().String("role", member.Role).Finish();
        member.Role = DemoVocabulary.Roles[_rng.Next(DemoVocabulary.Roles.Length)];
        request.Add("user.role_change", "update", "user", member.Id, old, _json.Begin().String("role", member.Role).Finish());
    }

    private void UpdateContactDetails(Request request)
    {
        var member = _members[_rng.Next(_members.Count)];
        request.Begin(AnyUser());
        var old = _json.Begin().Raw("email", member.Email).Raw("phone", member.Phone).Finish();
        member.Phone = JsonTextBuilder.Quote($"+44 7700 900{_rng.Next(0, 1000):000}");
        if (_rng.Next(2) == 0) member.Email = JsonTextBuilder.Quote($"{member.Id}.{_rng.Next(100)}@mail.example");
        request.Add("user.update", "update", "user", member.Id, old,
            _json.Begin().Raw("email", member.Email).Raw("phone", member.Phone).Finish());
    }

    private void Deactivate(Request request)
    {
        var index = _rng.Next(_members.Count);
        var member = _members[index];
        request.Begin(AdminOrUser());
        request.Add("user.deactivate", "delete", "user", member.Id,
            _json.Begin().Raw("name", member.Name).Raw("email", member.Email).String("role", member.Role).String("status", "active").Finish(), null);
        _members.RemoveAt(index);
    }

    private void ChangePermission(Request request)
    {
        var member = _members[_rng.Next(_members.Count)];
        var item = RecentItem();
        request.Begin(AdminOrUser());
        if (_rng.Next(3) == 0)
        {
            request.Add("permission.revoke", "delete", "permission", $"{item.Id}:{member.Id}",
                PermissionJson(member, item, "edit"), null);
        }
        else Grant(request, member, item);
    }

    private void Grant(Request request, TeamMember member, ContentItem item) =>
        request.Add("permission.grant", "create", "permission", $"{item.Id}:{member.Id}", null,
            PermissionJson(member, item, DemoVocabulary.Permissions[_rng.Next(DemoVocabulary.Permissions.Length)]));

    private string PermissionJson(TeamMember member, ContentItem item, string permission)
    {
        var json = _json.Begin().String("subject", member.Id);
        json.Object("resource").String("type", item.Type).String("id", item.Id).EndObject();
        return json.Array("permissions").StringElement("read").StringElement(permission).EndArray().Finish();
    }

    private void Download(Request request)
    {
        var item = RecentItem();
        request.Begin(AnyUser());
        request.Add(item.Type == "contract" ? "contract.download" : $"{item.Type}.export", "access", item.Type, item.Id, null, null);
    }

    private void SignIn(Request request)
    {
        var actor = AnyUser();
        _sessions[actor] = null;
        request.Begin(actor);
        request.Add("session.sign_in", "other", "session", request.SessionId ?? "none", null,
            _json.Begin().String("result", "success").Boolean("mfa", _rng.Next(3) > 0).Finish());
    }

    private ContentItem RecentItem()
    {
        // Recent items get most of the edits; old ones go quiet.
        var u = _rng.NextDouble();
        return _live[_live.Count - 1 - (int)(_live.Count * u * u * u)];
    }

    private void Remember(ContentItem item)
    {
        if (_live.Count >= MaxLiveItems) Forget(_rng.Next(_live.Count / 2));
        _live.Add(item);
    }

    private void Forget(int index) => _live.RemoveAt(index);

    private int[] NewParagraphs()
    {
        var p = new int[_rng.Next(1, 4)];
        for (var i = 0; i < p.Length; i++) p[i] = _rng.Next(DemoVocabulary.Paragraphs.Length);
        return p;
    }

    private int[] EditParagraphs(int[] paragraphs)
    {
        var copy = paragraphs.Length < 6 && _rng.Next(3) == 0 ? [.. paragraphs, 0] : (int[])paragraphs.Clone();
        copy[_rng.Next(copy.Length)] = _rng.Next(DemoVocabulary.Paragraphs.Length);
        return copy;
    }

    private List<int> NewTags()
    {
        var tags = new List<int>(3);
        for (var i = _rng.Next(1, 4); i > 0; i--) tags.Add(_rng.Next(DemoVocabulary.Tags.Length));
        return tags;
    }

    private List<LineItem> NewLineItems()
    {
        var lines = new List<LineItem>(4);
        for (var i = _rng.Next(1, 5); i > 0; i--) lines.Add(NewLine(lines.Count + 1));
        return lines;
    }

    private LineItem NewLine(int n) =>
        new($"li-{n}", _rng.Next(DemoVocabulary.Skus.Length), _rng.Next(DemoVocabulary.ItemDescriptions.Length),
            _rng.Next(1, 20), _rng.Next(500, 250_000) / 100m);

    private void EditLineItems(List<LineItem> lines)
    {
        var pick = _rng.Next(lines.Count);
        switch (_rng.Next(3))
        {
            case 0 when lines.Count > 1: lines.RemoveAt(pick); break;
            case 1: lines.Add(NewLine(lines.Count == 0 ? 1 : int.Parse(lines[^1].Id[3..], System.Globalization.CultureInfo.InvariantCulture) + 1)); break;
            default: lines[pick] = lines[pick] with { Quantity = _rng.Next(1, 20) }; break;
        }
    }

    private string NextStatus(string status) => status switch
    {
        "draft" => "in_review",
        "in_review" => _rng.Next(4) == 0 ? "draft" : "approved",
        "approved" => "in_review",
        _ => "draft",
    };

    private string PersonName() =>
        $"{DemoVocabulary.FirstNames[_rng.Next(DemoVocabulary.FirstNames.Length)]} {DemoVocabulary.LastNames[_rng.Next(DemoVocabulary.LastNames.Length)]}";

    private int AnyUser() => _rng.Next(_userCount);

    private int AdminOrUser() => _rng.Next(3) == 0 ? 0 : AnyUser();

    private int ActorOfKind(string kind, string? subjectId = null) =>
        Array.FindIndex(_actors, a => a.Kind == kind && (subjectId is null || a.SubjectId == subjectId));

    /// <summary>The events of one request: same actor, request id and correlation id; ties or milliseconds apart.</summary>
    private sealed class Request(TenantHistory history, DateTime at, List<DemoEvent> output)
    {
        private DemoActor _actor = null!;
        private string _context = "{}";
        private bool _tied;
        private int _count;

        public DateTime At { get; private set; } = at;
        public string? SessionId { get; private set; }

        public void Begin(int actorIndex)
        {
            var rng = history._rng;
            _actor = history._actors[actorIndex];
            var requestId = "req_" + rng.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            // Follow-up requests of the same actor often continue one flow (same correlation id).
            var correlation = actorIndex == history._lastActor && history._lastCorrelation is not null && rng.Next(4) == 0
                ? history._lastCorrelation
                : "cor_" + rng.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            history._lastActor = actorIndex;
            history._lastCorrelation = correlation;
            if (_actor.Kind == DemoActorCatalog.User)
            {
                if (history._sessions[actorIndex] is null || rng.Next(12) == 0)
                    history._sessions[actorIndex] = "ses_" + rng.NextInt64().ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
                SessionId = history._sessions[actorIndex];
                _context = $"{{\"request_id\":\"{requestId}\",\"correlation_id\":\"{correlation}\",\"session_id\":\"{SessionId}\",{_actor.ContextFields}}}";
            }
            else _context = $"{{\"request_id\":\"{requestId}\",\"correlation_id\":\"{correlation}\",{_actor.ContextFields}}}";
            // Events written in one database transaction share now(): identical timestamps on purpose.
            _tied = rng.Next(3) == 0;
        }

        public void Add(string action, string changeKind, string entityType, string entityId, string? oldValues, string? newValues)
        {
            var rng = history._rng;
            if (_count++ > 0 && !_tied) At = At.AddTicks(rng.Next(1_000, 300_000) * 10L);
            output.Add(new DemoEvent(history._tenant.Id, At, DemoUuid.Version7(At, rng), _actor.SubjectId, _actor.Kind,
                action, changeKind, entityType, entityId, oldValues, newValues, _context));
        }
    }
}
