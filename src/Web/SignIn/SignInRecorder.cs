using System.Security.Claims;
using AuditExplorer.Data.Access;
using AuditExplorer.Web.Components;

namespace AuditExplorer.Web.SignIn;

/// <summary>
/// Appends an <c>audit_log.sign_in</c> event to each tenant the person may explore. If the
/// store refuses, the sign-in fails: nobody reaches the explorer unrecorded.
/// </summary>
internal sealed class SignInRecorder(AuditedReads reads, ClaimNames claims, ILogger<SignInRecorder> logger)
{
    public async Task<bool> RecordAsync(ClaimsPrincipal principal, HttpContext http, CancellationToken ct)
    {
        if (ExplorerUser.From(principal, claims) is not { } user) return true;
        var request = ViewerRequestReader.From(http) with { SessionId = null };
        var viewer = new Viewer(user.SubjectId, user.DisplayName, user.Email, user.Roles, request);
        foreach (var tenant in user.Tenants)
        {
            try
            {
                await reads.RecordAsync(tenant, viewer, new AccessRecord("audit_log.sign_in", "tenant", tenant, new Dictionary<string, string?>()), ct);
            }
            catch (AccessNotRecordedException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: "AE001" }
                                                            or Npgsql.PostgresException { SqlState: "23503", TableName: "subjects" })
            {
                // The identity provider names a tenant the store does not have (yet): nothing to record there.
                // The viewer's subject row is written first, so an unknown tenant shows up as its foreign key.
            }
            catch (AccessNotRecordedException ex)
            {
                logger.LogError(ex, "Sign-in of {Subject} could not be recorded for tenant {Tenant}", user.SubjectId, tenant);
                return false;
            }
        }
        return true;
    }
}
