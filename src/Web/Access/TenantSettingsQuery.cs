using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Web.Access;

/// <summary>Reads a tenant's own settings (not its events), inside its row-level-security scope.</summary>
public sealed class TenantSettingsQuery(IDbContextFactory<AuditDbContext> contexts)
{
    public async Task<Tenant?> ReadAsync(string tenantId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await TenantScope.BeginAsync(db, tenantId, ct);
        return await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.TenantId == tenantId, ct);
    }
}
