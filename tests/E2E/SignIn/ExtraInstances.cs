using System.Net;
using System.Net.Sockets;

namespace AuditExplorer.Tests.E2E.SignIn;

/// <summary>
/// More copies of the real programs, beside the fixture's, for tests about several instances or
/// another identity provider. Each caller disposes what it started.
/// </summary>
internal static class ExtraInstances
{
    /// <summary>Another web app (on <paramref name="url"/> or a free port), reading <paramref name="database"/>, signing in at <paramref name="identityUrl"/>.</summary>
    public static async Task<(string Url, RunningProgram Program)> StartWebAsync(string name, string database, string identityUrl,
        string keyDirectory, IDictionary<string, string>? settings = null, string? url = null)
    {
        url ??= $"http://127.0.0.1:{FreePort()}";
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Reader"] = Connection("auditexplorer_reader", database),
            ["ConnectionStrings__Sealer"] = Connection("auditexplorer_sealer", database),
            // The fixture's instance seals; one sealer is enough.
            ["Integrity__RunSealer"] = "false",
            ["Checkpoints__DevKeyDirectory"] = keyDirectory,
            ["Oidc__Authority"] = identityUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;
        var program = RunningProgram.Start(name, Built("src/Web", "AuditExplorer.Web.dll"), ["--urls", url], env);
        await WaitUntilReadyAsync(url + "/health/ready", program);
        return (url, program);
    }

    /// <summary>Another DevIdentity (on <paramref name="url"/> or a free port) that lets the given web app origins sign in.</summary>
    public static async Task<(string Url, RunningProgram Program)> StartIdentityAsync(string name, IEnumerable<string> webBaseUrls,
        IDictionary<string, string>? settings = null, string? url = null)
    {
        url ??= $"http://127.0.0.1:{FreePort()}";
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DevIdentity__WebBaseUrls"] = string.Join(';', webBaseUrls),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;
        var program = RunningProgram.Start(name, Built("tools/DevIdentity", "AuditExplorer.DevIdentity.dll"), ["--urls", url], env);
        await WaitUntilReadyAsync(url + "/healthz", program);
        return (url, program);
    }

    /// <summary>
    /// Waits for programs started side by side (start-up is mostly waiting, so two cores take less than the sum);
    /// if any fails to start, stops those that did before rethrowing, so no program outlives the test.
    /// </summary>
    public static async Task<(string Url, RunningProgram Program)[]> TogetherAsync(params Task<(string Url, RunningProgram Program)>[] starts)
    {
        try
        {
            return await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully)) await start.Result.Program.DisposeAsync();
            throw;
        }
    }

    /// <summary>Cleanup when a test fails while a program is still starting: stops it once started (its own start failure is moot then).</summary>
    public static async Task StopWhenStartedAsync(Task<(string Url, RunningProgram Program)> start)
    {
        try
        {
            await (await start).Program.DisposeAsync();
        }
        catch (InvalidOperationException)
        {
            // it never started; the test's own failure is the one to report
        }
    }

    /// <summary>
    /// A free loopback port below the kernel's ephemeral range (32768 and up), so that no outgoing connection
    /// (Npgsql, HTTP clients) can take it between now and the moment a program binds it.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
        throw new InvalidOperationException("no free loopback port between 20000 and 32000");
    }

    public static string Connection(string role, string database) =>
        $"Host=127.0.0.1;Port={ExplorerAppFixture.Port};Username={role};Database={database}";

    public static string Built(string project, string dll)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return Path.Combine(ExplorerAppFixture.RepoRoot(), project, "bin", configuration, "net10.0", dll);
    }

    private static async Task WaitUntilReadyAsync(string url, RunningProgram program)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !program.HasExited)
        {
            try
            {
                if ((await http.GetAsync(url)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"{program.Name} did not become ready at {url}:\n{program.Output}");
    }
}
