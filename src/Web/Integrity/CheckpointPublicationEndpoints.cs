using AuditExplorer.Web.Hosting;
using AuditExplorer.Data.Store;
using System.Text.Json.Serialization;
using AuditExplorer.Data.Integrity.Publication;

namespace AuditExplorer.Web.Integrity;

/// <summary>
/// The read-only checkpoint API (docs/verification.md, "Published checkpoints"): a tenant's latest signed
/// checkpoint and consistency proofs, for monitors and witnesses outside the operator. Authenticated per
/// tenant with a bearer token (`auditexplorer monitor-token`); answers 401 without a valid token for that tenant.
/// </summary>
internal static class CheckpointPublicationEndpoints
{
    /// <summary>The publication service, as the reader role (ConnectionStrings:Reader).</summary>
    public static void AddCheckpointPublication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new CheckpointPublication(sp.DataSource(DatabaseRole.Reader)));
    }

    public static void MapCheckpointPublication(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/tenants/{tenant}").AllowAnonymous().DisableAntiforgery();

        api.MapGet("/checkpoint", async (string tenant, HttpContext http, CheckpointPublication publication, CancellationToken ct) =>
        {
            if (!await AuthorizedAsync(http, publication, tenant, ct)) return Unauthorized();
            return await publication.LatestAsync(tenant, ct) is { } latest
                ? Results.Text(latest.Note, "text/plain; charset=utf-8")
                : Results.Problem($"Tenant {tenant} has no signed checkpoint yet.", statusCode: StatusCodes.Status404NotFound);
        });

        api.MapGet("/consistency", async (string tenant, string? from, string? to, HttpContext http, CheckpointPublication publication,
            CancellationToken ct) =>
        {
            if (!await AuthorizedAsync(http, publication, tenant, ct)) return Unauthorized();
            if (!long.TryParse(from, out var oldSize) || !long.TryParse(to, out var newSize))
                return Results.Problem("Give both sizes as whole numbers: /consistency?from=OLD&to=NEW.", statusCode: StatusCodes.Status400BadRequest);
            try
            {
                var proof = await publication.ConsistencyAsync(tenant, oldSize, newSize, ct);
                return Results.Json(new ConsistencyAnswer(proof.OldSize, proof.NewSize, proof.Path.Select(Convert.ToBase64String).ToList()));
            }
            catch (ArgumentOutOfRangeException ex)
            {
                return Results.Problem(ex.Message.Split(" (Parameter")[0], statusCode: StatusCodes.Status400BadRequest);
            }
        });
    }

    private static IResult Unauthorized() =>
        Results.Problem("A monitor token of this tenant is required: send \"Authorization: Bearer <token>\" (create one with `auditexplorer monitor-token`).",
            statusCode: StatusCodes.Status401Unauthorized);

    private static Task<bool> AuthorizedAsync(HttpContext http, CheckpointPublication publication, string tenant, CancellationToken ct)
    {
        return publication.AllowsAsync(tenant, AuditExplorer.Web.Hosting.BearerToken.From(http), ct);
    }

    /// <summary>The JSON answer of /consistency: RFC 6962 proof hashes, base64, in order.</summary>
    private sealed record ConsistencyAnswer(
        [property: JsonPropertyName("old_size")] long OldSize,
        [property: JsonPropertyName("new_size")] long NewSize,
        [property: JsonPropertyName("proof")] IReadOnlyList<string> Proof);
}
