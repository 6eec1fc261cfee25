using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.DevIdentity.Server;

/// <summary>In-memory store for OpenIddict's applications, authorizations and tokens; lost on restart by design.</summary>
public sealed class DevIdentityDbContext(DbContextOptions<DevIdentityDbContext> options) : DbContext(options);
