using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261124000011_LeastPrivilege")]
public sealed class M011_LeastPrivilege() : SqlScriptMigration("011_least_privilege.sql");
