namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>Finds files the integrity tests check against: the repository's own vectors and the shared conformance data.</summary>
internal static class TestFiles
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AuditExplorer.sln not found above the test binaries");
    }

    public static string EventVectors => Path.Combine(RepoRoot(), "tests", "Unit", "Integrity", "vectors", "events.json");

    /// <summary>
    /// The RFC 8785 vectors live in a folder "shared/conformance" next to the checkout (or next to
    /// one of its parent folders, for worktrees); missing data is an error, never a silent pass.
    /// </summary>
    public static string Rfc8785Folder() => ConformanceFolder("rfc8785");

    /// <summary>The RFC 6962 proof vectors (transparency-dev/merkle testdata), found the same way.</summary>
    public static string Rfc6962Folder() => ConformanceFolder("rfc6962");

    private static string ConformanceFolder(string name)
    {
        var dir = new DirectoryInfo(RepoRoot()).Parent;
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", name);
            if (Directory.Exists(candidate)) return candidate;
            dir = dir.Parent;
        }
        throw new InvalidOperationException(
            $"{name} conformance vectors not found: expected ../shared/conformance/{name} next to {RepoRoot()}");
    }
}
