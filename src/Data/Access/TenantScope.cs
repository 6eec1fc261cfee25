using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Access;

/// <summary>
/// Starts a transaction whose reads PostgreSQL row-level security limits to one tenant.
/// The setting is transaction-local, so a pooled connection never carries it to another request.
/// </summary>
public static class TenantScope
{
    public static async Task<IDbContextTransaction> BeginAsync(AuditDbContext db, string tenantId, CancellationToken ct)
    {
        var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"select set_config('app.tenant_id', {tenantId}, true)", ct);
        return tx;
    }
}
