using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditExplorer.Data.Store;

/// <summary>A migration that runs one embedded script from Store/Sql.</summary>
public abstract class SqlScriptMigration(string scriptName) : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(ReadScript(scriptName));

    internal static string ReadScript(string scriptName)
    {
        var assembly = typeof(SqlScriptMigration).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + scriptName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
