using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using Npgsql;

namespace AuditExplorer.Tests.E2E;

/// <summary>
/// Starts, once per run, everything a user would have: PostgreSQL with a fresh migrated and
/// seeded database, the OpenID Connect provider, the web app, and Chromium.
/// </summary>
public sealed class ExplorerAppFixture : IAsyncLifetime
{
    public const string DemoPasswordSuffix = "-demo-pass";
    private readonly List<RunningProgram> _programs = [];
    private readonly Dictionary<string, string> _signedInStates = [];
    private IPlaywright? _playwright;
    private static IBrowser? s_browser;

    public string Database { get; } = "ae_e2e_" + Guid.NewGuid().ToString("N")[..10];
    public string KeyDirectory { get; } = Path.Combine(Path.GetTempPath(), "auditexplorer-e2e-keys-" + Guid.NewGuid().ToString("N")[..8]);
    public string BaseUrl { get; private set; } = "";
    /// <summary>The checkpoint public key ("name+keyid+base64") the sealer signs with, as a tenant would pin it.</summary>
    public string PublicKey { get; private set; } = "";
    public string IdentityUrl { get; private set; } = "";
    /// <summary>Name and public key ("name+keyid+base64(0x04 ‖ key)") of the witness the fixture runs.</summary>
    public const string WitnessName = "witness.e2e/w1";
    public string WitnessKey { get; private set; } = "";

    /// <summary>The public half of the web app's export key (signs manifest.dsse.json), "auditexplorer-export+keyid+base64".</summary>
    public string ExportKey { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public static string Port => Environment.GetEnvironmentVariable("AE_PG_PORT") ?? "55432";
    public string OwnerConnection => $"Host=127.0.0.1;Port={Port};Username=auditexplorer_owner;Database={Database}";
    public string SuperConnection => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={Database}";

    public async Task InitializeAsync()
    {
        await EnsurePostgresAsync();
        await ExecuteAsync($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres", $"create database \"{Database}\" owner auditexplorer_owner");

        var cli = Built("src/Cli", "auditexplorer.dll");
        var ownerEnv = new Dictionary<string, string> { ["AUDITEXPLORER_OWNER_CONNECTION"] = OwnerConnection, ["AUDITEXPLORER_SUPERUSER_CONNECTION"] = SuperConnection };
        await RunningProgram.RunToEndAsync("migrate", cli, ["migrate"], ownerEnv);
        await RunningProgram.RunToEndAsync("seed-demo", cli, ["seed-demo", "--tenants", "4", "--events", "4000", "--seed", "11"], ownerEnv);

        var webPort = FreePort();
        var idpPort = FreePort();
        while (idpPort == webPort) idpPort = FreePort();
        BaseUrl = $"http://127.0.0.1:{webPort}";
        IdentityUrl = $"http://127.0.0.1:{idpPort}";

        _programs.Add(RunningProgram.Start("DevIdentity", Built("tools/DevIdentity", "AuditExplorer.DevIdentity.dll"),
            ["--urls", IdentityUrl], new Dictionary<string, string>
            {
                ["DevIdentity__WebBaseUrls"] = BaseUrl,
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
            }));
        // A witness with its own key, as a tenant would run it; the sealer submits each checkpoint to it.
        Directory.CreateDirectory(KeyDirectory);
        var (witnessExit, witnessKey) = await RunningProgram.RunAsync("witness keygen", cli,
            ["witness", "keygen", "--name", WitnessName, "--out", Path.Combine(KeyDirectory, "witness.pem")], new Dictionary<string, string>());
        if (witnessExit != 0) throw new InvalidOperationException($"witness keygen failed:\n{witnessKey}");
        WitnessKey = witnessKey.Trim();
        // The web app's export key signs each package's manifest.dsse.json (not the log key, which stays with the sealer).
        var (exportKeyExit, exportKey) = await RunningProgram.RunAsync("export-key generate", cli,
            ["export-key", "generate", "--out", Path.Combine(KeyDirectory, "export.pem")], new Dictionary<string, string>());
        if (exportKeyExit != 0) throw new InvalidOperationException($"export-key generate failed:\n{exportKey}");
        ExportKey = exportKey.Trim();
        var witnessPort = FreePort();
        while (witnessPort == webPort || witnessPort == idpPort) witnessPort = FreePort();
        var witnessUrl = $"http://127.0.0.1:{witnessPort}/";
        // The sealer and checkpoint signer run as their own service, as in production: the web app gets only
        // the public key and no sealer connection.
        var sealer = RunningProgram.Start("Sealer", cli, ["seal", "--watch", "--interval", "0.5", "--checkpoint-interval", "2"], new Dictionary<string, string>
        {
            ["AUDITEXPLORER_SEALER_CONNECTION"] = $"Host=127.0.0.1;Port={Port};Username=auditexplorer_sealer;Database={Database}",
            ["AUDITEXPLORER_CHECKPOINT_DEV_KEYS"] = KeyDirectory,
            ["AUDITEXPLORER_WITNESSES"] = $"{witnessUrl} {WitnessKey}",
        });
        _programs.Add(sealer);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!sealer.Output.Contains("Sealing every", StringComparison.Ordinal))
        {
            if (sealer.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"the sealer did not start:\n{sealer.Output}");
            await Task.Delay(200);
        }
        var (keyExit, keyOutput) = await CliAsync("public-key");
        if (keyExit != 0) throw new InvalidOperationException($"public-key failed:\n{keyOutput}");
        PublicKey = keyOutput.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0);
        var witness = RunningProgram.Start("Witness", cli,
            ["witness", "--name", WitnessName, "--key-file", Path.Combine(KeyDirectory, "witness.pem"), "--log-key", PublicKey,
             "--state", Path.Combine(KeyDirectory, "witness.state"), "--listen", witnessUrl], new Dictionary<string, string>());
        _programs.Add(witness);
        while (!witness.Output.Contains("listening on", StringComparison.Ordinal))
        {
            if (witness.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"the witness did not start:\n{witness.Output}");
            await Task.Delay(200);
        }

        _programs.Add(RunningProgram.Start("Web", Built("src/Web", "AuditExplorer.Web.dll"),
            ["--urls", BaseUrl], new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                // As the shipped settings: no auto-prepare (src/Web/appsettings.json says why).
                ["ConnectionStrings__Reader"] = $"Host=127.0.0.1;Port={Port};Username=auditexplorer_reader;Database={Database}",
                ["ConnectionStrings__Ingest"] = $"Host=127.0.0.1;Port={Port};Username=auditexplorer_writer;Database={Database}",
                // Low enough that a test can reach it with a burst of requests from one key.
                ["Ingest__RequestsPerSecond"] = "5",
                ["Ingest__Burst"] = "10",
                ["Checkpoints__TrustedKeys__0"] = PublicKey,
                ["Checkpoints__TrustedWitnesses__0"] = WitnessKey,
                ["Exports__SigningKeyPath"] = Path.Combine(KeyDirectory, "export.pem"),
                ["Oidc__Authority"] = IdentityUrl,
                // Shorter than Development's 5 s so the sign-out-elsewhere test waits out fewer seconds (a real setting; production keeps 1 min).
                ["Sessions__RevalidationInterval"] = "00:00:02",
            }));
        await WaitUntilReadyAsync(IdentityUrl + "/healthz", _programs[0]);
        await WaitUntilReadyAsync(BaseUrl + "/health/ready", _programs[^1]);

        // Assertions wait as long as actions do: a busy two-core machine must slow the suite down, not fail it.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        });
        s_browser = Browser;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        foreach (var p in _programs)
        {
            await p.DisposeAsync();
            p.SaveOutput();
        }
        if (Directory.Exists(KeyDirectory)) Directory.Delete(KeyDirectory, recursive: true);
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres", $"drop database if exists \"{Database}\" with (force)");
    }

    /// <summary>Runs an `auditexplorer` verb as the owner, with the web app's checkpoint keys; returns its exit code and output.</summary>
    public Task<(int ExitCode, string Output)> CliAsync(params string[] args) =>
        RunningProgram.RunAsync("auditexplorer " + args[0], Built("src/Cli", "auditexplorer.dll"), args, new Dictionary<string, string>
        {
            ["AUDITEXPLORER_OWNER_CONNECTION"] = OwnerConnection,
            ["AUDITEXPLORER_CHECKPOINT_DEV_KEYS"] = KeyDirectory,
        });

    /// <summary>Runs the web app's own command line (e.g. its container health probe); returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> WebCommandAsync(params string[] args) =>
        RunningProgram.RunAsync("AuditExplorer.Web " + args[0], Built("src/Web", "AuditExplorer.Web.dll"), args, new Dictionary<string, string>());

    /// <summary>A fresh browser context (own cookies) with a page, for one test.</summary>
    /// <summary>
    /// Closes every open context of the run's browser. Each page first leaves for about:blank, so that Blazor tells
    /// the server its circuit is gone instead of the server keeping it for minutes as merely disconnected.
    /// </summary>
    internal static async Task CloseOpenContextsAsync()
    {
        if (s_browser is not { IsConnected: true } browser) return;
        foreach (var context in browser.Contexts.ToArray())
        {
            foreach (var page in context.Pages.ToArray())
            {
                try
                {
                    await page.GotoAsync("about:blank", new() { Timeout = 5_000 });
                }
                catch (PlaywrightException)
                {
                    // a page that cannot leave is closed with its context below
                }
            }
            await context.CloseAsync();
        }
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-GB", TimezoneId = "Europe/Berlin" });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the real OpenID Connect provider and waits until the app is interactive.</summary>
    public async Task<IPage> SignedInPageAsync(string user, string path = "/")
    {
        var page = await NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(user + DemoPasswordSuffix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>
    /// A page signed in as <paramref name="user"/> for tests whose subject is not the sign-in itself: the first call signs in
    /// through the real provider and keeps the browser's storage state; later calls open a fresh context with that state
    /// (own context, same live server-side session), and sign in again should the session have ended.
    /// </summary>
    public async Task<IPage> SignedInAgainPageAsync(string user, string path = "/")
    {
        if (!_signedInStates.TryGetValue(user, out var state))
        {
            var first = await SignedInPageAsync(user, path);
            _signedInStates[user] = await first.Context.StorageStateAsync();
            return first;
        }
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = "en-GB", TimezoneId = "Europe/Berlin", StorageState = state,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        if (page.Url.StartsWith(IdentityUrl, StringComparison.Ordinal))
        {
            await context.CloseAsync();
            _signedInStates.Remove(user);
            return await SignedInAgainPageAsync(user, path);
        }
        await WaitInteractiveAsync(page);
        return page;
    }

    public static async Task WaitInteractiveAsync(IPage page) =>
        await Assertions.Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();

    public async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(SuperConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public Task ExecuteAsync(string sql) => ExecuteAsync(SuperConnection, sql);

    /// <summary>Waits until the app's sealer has chained every queued event of the tenant.</summary>
    public async Task WaitUntilSealedAsync(string tenant)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await ScalarAsync<long>("select count(*) from audit.seal_queue where tenant_id = $1", tenant) > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Events of {tenant} were not sealed within 60 s:\n{_programs[1].Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>A record of the tenant with several updates, for history and diff scenarios.</summary>
    public async Task<(string Type, string Id)> RecordWithUpdatesAsync(string tenant)
    {
        var key = await ScalarAsync<string>(
            "select entity_type || '/' || entity_id from audit.events where tenant_id = $1 and change_kind = 'update' and entity_type in ('article', 'contract', 'page') group by 1 having count(*) >= 3 order by count(*) desc, 1 limit 1", tenant);
        var parts = key.Split('/', 2);
        return (parts[0], parts[1]);
    }

    /// <summary>An event whose new values hold an email at a path the tenant marks personal.</summary>
    public async Task<(Guid Id, string Email)> EventWithPersonalEmailAsync(string tenant)
    {
        var id = await ScalarAsync<Guid>("select id from audit.events where tenant_id = $1 and new_values ? 'email' order by occurred_at limit 1", tenant);
        return (id, await ScalarAsync<string>("select new_values ->> 'email' from audit.events where tenant_id = $1 and id = $2", tenant, id));
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task WaitUntilReadyAsync(string url, RunningProgram program)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (program.HasExited) break;
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

    private static int FreePort() => SignIn.ExtraInstances.FreePort();

    private static string Built(string project, string dll)
    {
        // The programs are built in the same configuration as this test assembly.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(RepoRoot(), project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first ({configuration}).", path);
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AuditExplorer.sln not found above the test binaries");
    }

    private static async Task EnsurePostgresAsync()
    {
        try
        {
            await using var probe = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=3");
            await probe.OpenAsync();
        }
        catch (NpgsqlException)
        {
            using var start = Process.Start("bash", [Path.Combine(RepoRoot(), "scripts", "pg.sh"), "start"]);
            await start.WaitForExitAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ExplorerCollection : ICollectionFixture<ExplorerAppFixture>
{
    public const string Name = "explorer";
}
