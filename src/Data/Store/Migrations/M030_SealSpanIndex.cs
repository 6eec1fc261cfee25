using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261201000030_SealSpanIndex")]
public sealed class M030_SealSpanIndex() : SqlScriptMigration("030_seal_span_index.sql");
