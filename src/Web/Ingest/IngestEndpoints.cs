using AuditExplorer.Web.Hosting;
using System.Text.Json.Serialization;
using AuditExplorer.Data.Ingest;
using Microsoft.AspNetCore.Http.Features;

namespace AuditExplorer.Web.Ingest;

/// <summary>
/// The ingest API (docs/ingest-api.md, OpenAPI at /api/v1/openapi/ingest.json): POST a batch of events with a
/// tenant's API key and an Idempotency-Key; GET each event's receipt once it is sealed and checkpointed.
/// </summary>
internal static class IngestEndpoints
{
    public const string OpenApiDocument = "ingest";

    public static void MapEventIngest(this WebApplication app)
    {
        if (app.Services.GetService<EventIngest>() is null) return;
        app.MapOpenApi("/api/v1/openapi/{documentName}.json").AllowAnonymous();
        var api = app.MapGroup("/api/v1/tenants/{tenant}/events").AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(EventIngestRegistration.RateLimitPolicy).WithGroupName(OpenApiDocument).WithTags("Ingest");

        api.MapPost("", AppendAsync)
            .WithName("AppendEvents")
            .WithSummary("Append one event or a batch of up to 1,000, once per Idempotency-Key.")
            .Accepts<IngestEvent[]>("application/json")
            .Produces<IngestAnswer>(StatusCodes.Status201Created)
            .Produces<IngestAnswer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/{id}/receipt", ReceiptAsync)
            .WithName("GetReceipt")
            .WithSummary("The event's seq, hashes, the latest signed checkpoint and the inclusion proof; 202 until it is checkpointed.")
            .Produces<ReceiptAnswer>(StatusCodes.Status200OK)
            .Produces<ReceiptAnswer>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> AppendAsync(string tenant, HttpContext http, ApiKeys keys, EventIngest ingest, IngestSettings settings, CancellationToken ct)
    {
        if (await keys.AuthenticateAsync(tenant, BearerToken.From(http), ct) is not { } keyId) return await RefusedAsync(tenant, http, keys, ct);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = settings.MaxBodyBytes;
        if (http.Request.ContentLength > settings.MaxBodyBytes) return TooLarge(settings);
        using var body = new MemoryStream();
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
            {
                if (body.Length + read > settings.MaxBodyBytes) return TooLarge(settings);
                body.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(settings);
        }
        try
        {
            var result = await ingest.IngestAsync(tenant, keyId, http.Request.Headers["Idempotency-Key"].ToString(), body.ToArray(), ct);
            var answer = new IngestAnswer(result.EventIds.Select(id => new IngestedEvent(id, $"/api/v1/tenants/{Uri.EscapeDataString(tenant)}/events/{id}/receipt")).ToList(),
                result.Replayed);
            return result.Replayed ? Results.Ok(answer) : Results.Json(answer, statusCode: StatusCodes.Status201Created);
        }
        catch (IngestRejectedException ex)
        {
            var extensions = new Dictionary<string, object?> { ["code"] = ex.Code };
            if (ex.EventIndex is { } index) extensions["event_index"] = index;
            return Results.Problem(ex.Message, statusCode: ex.Conflict ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest,
                title: ex.Conflict ? "Idempotency-Key reused" : "Event refused", extensions: extensions);
        }
    }

    private static async Task<IResult> ReceiptAsync(string tenant, string id, HttpContext http, ApiKeys keys, EventReceipts receipts, CancellationToken ct)
    {
        if (await keys.AuthenticateAsync(tenant, BearerToken.From(http), ct) is not { } keyId) return await RefusedAsync(tenant, http, keys, ct);
        if (!Guid.TryParse(id, out var eventId))
            return Results.Problem($"\"{id}\" is not an event id (a UUID as returned by POST .../events).", statusCode: StatusCodes.Status400BadRequest);
        // Events of other keys are "not found" too: a key learns nothing about what others sent.
        if (await receipts.FindAsync(tenant, keyId, eventId, ct) is not { } receipt)
            return Results.Problem($"This API key appended no event {eventId} to tenant {tenant}.", statusCode: StatusCodes.Status404NotFound);
        var answer = new ReceiptAnswer(receipt.EventId,
            receipt.Complete ? "proven" : receipt.Seq is null ? "pending" : "sealed",
            receipt.Seq,
            receipt.Hash is { } h ? Convert.ToBase64String(h) : null,
            receipt.LeafHash is { } l ? Convert.ToBase64String(l) : null,
            receipt.Checkpoint?.Note,
            receipt.Proof?.TreeSize,
            receipt.Proof?.Path.Select(Convert.ToBase64String).ToList());
        return Results.Json(answer, statusCode: receipt.Complete ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    // A valid key of another tenant is known but not allowed here (403); anything else is not a key of this API (401).
    private static async Task<IResult> RefusedAsync(string tenant, HttpContext http, ApiKeys keys, CancellationToken ct) =>
        await keys.IsKeyOfAnotherTenantAsync(tenant, BearerToken.From(http), ct)
            ? Results.Problem($"This API key belongs to another tenant and may not send or read events of tenant {tenant}.",
                statusCode: StatusCodes.Status403Forbidden)
            : Unauthorized();

    private static IResult Unauthorized() =>
        Results.Problem("An API key of this tenant is required: send \"Authorization: Bearer <key>\" (an audit admin creates keys on the tenant's API keys page).",
            statusCode: StatusCodes.Status401Unauthorized);

    private static IResult TooLarge(IngestSettings settings) =>
        Results.Problem($"The body exceeds {settings.MaxBodyBytes:N0} bytes; send fewer events per request.", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>One event as a sender writes it (tenant and actor come from the URL and the key).</summary>
    internal sealed record IngestEvent(
        [property: JsonPropertyName("action")] string Action,
        [property: JsonPropertyName("change_kind")] string ChangeKind,
        [property: JsonPropertyName("entity_type")] string EntityType,
        [property: JsonPropertyName("entity_id")] string EntityId,
        [property: JsonPropertyName("old_values")] System.Text.Json.Nodes.JsonObject? OldValues,
        [property: JsonPropertyName("new_values")] System.Text.Json.Nodes.JsonObject? NewValues,
        [property: JsonPropertyName("context")] System.Text.Json.Nodes.JsonObject? Context,
        [property: JsonPropertyName("occurred_at")] DateTimeOffset? OccurredAt,
        [property: JsonPropertyName("id")] Guid? Id,
        [property: JsonPropertyName("schema_version")] int? SchemaVersion);

    /// <summary>The answer to an accepted batch.</summary>
    internal sealed record IngestAnswer(
        [property: JsonPropertyName("events")] IReadOnlyList<IngestedEvent> Events,
        [property: JsonPropertyName("replayed")] bool Replayed);

    /// <summary>One appended event: its id and where its receipt will be.</summary>
    internal sealed record IngestedEvent(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("receipt")] string Receipt);

    /// <summary>A receipt: "pending" (not sealed), "sealed" (no checkpoint covers it yet) or "proven".</summary>
    internal sealed record ReceiptAnswer(
        [property: JsonPropertyName("event_id")] Guid EventId,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("seq")] long? Seq,
        [property: JsonPropertyName("hash")] string? Hash,
        [property: JsonPropertyName("leaf_hash")] string? LeafHash,
        [property: JsonPropertyName("checkpoint")] string? Checkpoint,
        [property: JsonPropertyName("tree_size")] long? TreeSize,
        [property: JsonPropertyName("inclusion_proof")] IReadOnlyList<string>? InclusionProof);
}
