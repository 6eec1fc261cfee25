using AuditExplorer.Data.Integrity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditExplorer.Web.Integrity;

/// <summary>
/// Degraded when the database no longer holds what the checkpoint signer recorded outside it
/// (a tenant's log rolled back or forked). Never unhealthy: the app keeps serving, the alarm shows.
/// </summary>
internal sealed class SignerRecordHealthCheck(SignerRecordCheck check, ILogger<SignerRecordHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var findings = await check.CheckAsync(ct);
            if (findings.Count == 0) return HealthCheckResult.Healthy("The database holds every checkpoint the signer recorded.");
            foreach (var f in findings)
                logger.LogCritical("Signer's record contradicts the database: {Kind} for tenant {Tenant}: {Detail}", f.Kind, f.TenantId, f.Detail);
            return HealthCheckResult.Degraded(string.Join(" ", findings.Select(f => $"{f.Kind} {f.TenantId}: {f.Detail}.")));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded("The signer's record could not be compared with the database.", ex);
        }
    }
}
