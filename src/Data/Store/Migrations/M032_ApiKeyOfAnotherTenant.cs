using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000032_ApiKeyOfAnotherTenant")]
public sealed class M032_ApiKeyOfAnotherTenant() : SqlScriptMigration("032_api_key_of_another_tenant.sql");
