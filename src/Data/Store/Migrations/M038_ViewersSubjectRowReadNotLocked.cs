using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store.Migrations;

[DbContext(typeof(AuditDbContext))]
[Migration("20261202000038_ViewersSubjectRowReadNotLocked")]
public sealed class M038_ViewersSubjectRowReadNotLocked() : SqlScriptMigration("038_viewers_subject_row_read_not_locked.sql");
