using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261124000002_WriteContract")]
public sealed class M002_WriteContract() : SqlScriptMigration("002_write_contract.sql");
