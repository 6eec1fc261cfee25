using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace AuditExplorer.Bench.Browser;

/// <summary>
/// Many signed-in Blazor circuits at once against a running explorer: each pages through the latest events and opens
/// event details (the diff) in-app, concurrently. Reports navigation p50/p95, outcomes (rows, "busy", error, timeout),
/// the web process's CPU during the activity and its memory per open circuit, and its memory after the browsers close.
/// Run the web app with a small reader pool (ConnectionStrings__Reader=...;Maximum Pool Size=10) to see more circuits
/// than connections: pages must then say "busy, try again" within the pool's timeout, never hang or fail.
/// </summary>
internal static class CircuitLoad
{
    public static async Task<int> RunAsync(string baseUrl, int circuits, int rounds, int webPid, int settleSeconds)
    {
        Console.WriteLine($"circuit load: {circuits} circuits x {rounds} rounds against {baseUrl}, web pid {webPid}, load average {Load()}");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--renderer-process-limit=8"],
        });
        // One circuit per role first, closed again, so what the process keeps once for all circuits (compiled queries,
        // component and parameter metadata, pools) is in the baseline and not counted per circuit: measured on a freshly
        // started app, that was ~14 MB, which divided by 10 circuits had read as 1.4 MB "per circuit".
        await WarmUpAsync(browser, baseUrl);
        await Task.Delay(5000);
        var baseline = Rss(webPid);
        var heapBaseline = LiveHeap(webPid, "baseline");

        var pages = new IPage?[circuits];
        var contexts = new IBrowserContext?[circuits];
        var signIn = Stopwatch.StartNew();
        await ForEachAsync(Enumerable.Range(0, circuits), 8, async i =>
        {
            contexts[i] = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
            pages[i] = await SignInAsync(contexts[i]!, i % 2 == 0 ? "alice" : "bob");
        });
        var open = pages.Count(p => p is not null);
        Console.WriteLine($"signed in {open} of {circuits} in {signIn.Elapsed.TotalSeconds:0} s (load average {Load()})");
        await Task.Delay(3000);
        var withCircuits = Rss(webPid);
        Console.WriteLine($"| web process memory, {open} idle circuits | {withCircuits / 1048576.0:0} MB (baseline {baseline / 1048576.0:0} MB) | {(withCircuits - baseline) / Math.Max(1, open) / 1024.0:0} KB per circuit | load {Load()} |");
        // RSS counts garbage not yet collected and heap the GC keeps for later; the live heap after a full GC is what
        // a circuit really holds.
        if (heapBaseline is { } before && LiveHeap(webPid, "circuits") is { } during)
            Console.WriteLine($"| live managed heap (full GC), {open} idle circuits | {during / 1048576.0:0.0} MB (baseline {before / 1048576.0:0.0} MB) | {(during - before) / Math.Max(1, open) / 1024.0:0} KB per circuit | load {Load()} |");

        var navigation = new ConcurrentBag<double>();
        var details = new ConcurrentBag<double>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var cpuBefore = CpuSeconds(webPid);
        var activity = Stopwatch.StartNew();
        await ForEachAsync(pages.Where(p => p is not null).Select(p => p!), circuits, async page =>
        {
            for (var round = 0; round < rounds; round++)
            {
                var outcome = await TimedAsync(() => PageAsync(page, round), navigation);
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                if (round % 3 == 2)
                {
                    outcome = await TimedAsync(() => OpenDetailAsync(page), details);
                    outcomes.AddOrUpdate("detail " + outcome, 1, (_, n) => n + 1);
                }
            }
        });
        var cpu = CpuSeconds(webPid) - cpuBefore;
        var wall = activity.Elapsed.TotalSeconds;
        Console.WriteLine($"| in-app page change to new rows, {open} concurrent circuits | {Summary(navigation)} | load {Load()} |");
        Console.WriteLine($"| open an event's detail (diff) in-app | {Summary(details)} | |");
        Console.WriteLine($"| outcomes | {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))} | |");
        Console.WriteLine($"| web process CPU during the activity | {cpu:0.0} s over {wall:0} s wall = {cpu / wall * 100:0}% of one core | peak memory {Rss(webPid) / 1048576.0:0} MB |");

        foreach (var context in contexts) if (context is not null) await context.CloseAsync();
        foreach (var wait in new[] { 10, settleSeconds })
        {
            await Task.Delay(TimeSpan.FromSeconds(wait == 10 ? 10 : Math.Max(0, settleSeconds - 10)));
            Console.WriteLine($"| web process memory {wait} s after the browsers closed | {Rss(webPid) / 1048576.0:0} MB (baseline {baseline / 1048576.0:0} MB) | load {Load()} |");
        }
        if (LiveHeap(webPid, "closed") is { } after)
            Console.WriteLine($"| live managed heap (full GC) {settleSeconds} s after the browsers closed | {after / 1048576.0:0.0} MB | load {Load()} |");
        return outcomes.Keys.Any(k => k.Contains("error") || k.Contains("timeout")) ? 1 : 0;
    }

    private static async Task WarmUpAsync(IBrowser browser, string baseUrl)
    {
        foreach (var user in new[] { "alice", "bob" })
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
            if (await SignInAsync(context, user) is not { } page) continue;
            await PageAsync(page, 0);
            await OpenDetailAsync(page);
        }
    }

    private static async Task<IPage?> SignInAsync(IBrowserContext context, string user)
    {
        try
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            await page.GotoAsync("/t/acme");
            await page.Locator("#username").FillAsync(user);
            await page.Locator("#password").FillAsync(user + "-demo-pass");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.Locator("main[data-interactive='true']").WaitForAsync();
            await page.GetByTestId("event-row").First.WaitForAsync();
            return page;
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            Console.WriteLine($"sign-in failed: {ex.Message.Split('\n')[0]}");
            return null;
        }
    }

    // Older, then Newest, alternately; done when the first row changed, or when the page says busy / failed.
    private static async Task<string> PageAsync(IPage page, int round)
    {
        var before = await page.GetByTestId("event-row").First.GetAttributeAsync("data-event-id");
        await (round % 2 == 0 ? page.GetByTestId("page-next").First : page.GetByTestId("page-first").First).ClickAsync();
        return await SettledAsync(page, page.WaitForFunctionAsync(
            "id => { const r = document.querySelector('[data-testid=event-row]'); return r && r.dataset.eventId !== id; }", before,
            new() { Timeout = 30_000 }));
    }

    private static async Task<string> OpenDetailAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Details of" }).First.ClickAsync();
        var outcome = await SettledAsync(page, page.GetByTestId("event-fields").WaitForAsync(new() { Timeout = 30_000 }));
        await page.GoBackAsync();
        await page.GetByTestId("event-row").First.WaitForAsync(new() { Timeout = 30_000 });
        return outcome;
    }

    private static async Task<string> SettledAsync(IPage page, Task done)
    {
        var busy = page.GetByTestId("store-busy").WaitForAsync(new() { Timeout = 30_000 });
        var failed = page.GetByTestId("error-reference").WaitForAsync(new() { Timeout = 30_000 });
        var first = await Task.WhenAny(done, busy, failed);
        foreach (var t in new[] { done, busy, failed }) _ = t.ContinueWith(x => x.Exception, TaskScheduler.Default);
        if (first.IsFaulted) return "timeout";
        if (first == busy)
        {
            await page.ReloadAsync(); // what a person does on "busy, try again"
            return "busy";
        }
        return first == failed ? "error" : "ok";
    }

    private static async Task<string> TimedAsync(Func<Task<string>> step, ConcurrentBag<double> times)
    {
        var clock = Stopwatch.StartNew();
        string outcome;
        try { outcome = await step(); }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException) { outcome = "timeout"; }
        if (outcome == "ok") times.Add(clock.Elapsed.TotalMilliseconds);
        return outcome;
    }

    private static async Task ForEachAsync<T>(IEnumerable<T> items, int parallel, Func<T, Task> body)
    {
        using var gate = new SemaphoreSlim(parallel);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try { await body(item); }
            finally { gate.Release(); }
        }));
    }

    private static string Summary(IEnumerable<double> values)
    {
        var ms = values.Order().ToList();
        return ms.Count == 0 ? "none" : $"p50 {ms[ms.Count / 2]:0} ms, p95 {ms[Math.Min(ms.Count - 1, (int)(ms.Count * 0.95))]:0} ms, n={ms.Count}";
    }

    private static long Rss(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).First();

    // utime + stime, fields 14 and 15 of /proc/pid/stat, in clock ticks (100 per second on Linux).
    private static double CpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    /// <summary>
    /// The web process's live managed heap in bytes, from a gcdump (which forces a full collection); null without
    /// dotnet-gcdump (`dotnet tool install -g dotnet-gcdump`). The dump stays in the temp folder for
    /// `dotnet-gcdump report` (which types hold the memory).
    /// </summary>
    private static long? LiveHeap(int pid, string label)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        if (!File.Exists(tool)) return null;
        var file = Path.Combine(Path.GetTempPath(), $"circuits-{label}.gcdump");
        if (Run(tool, $"collect -p {pid} -o {file}") is null) return null;
        var report = Run(tool, $"report {file}");
        var line = report?.Split('\n').FirstOrDefault(l => l.Contains("GC Heap bytes", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Trim().Split(' ')[0].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
        if (process is null) return null;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : null;
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    // scripts/run.sh writes its web app's pid here; test runs may have other explorers running at the same time.
    private static string RunPidFile => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", ".local", "run", "web.pid");

    /// <summary>The explorer scripts/run.sh started, else the process whose command line names AuditExplorer.Web.</summary>
    public static int FindWebProcess() =>
        File.Exists(RunPidFile) && int.TryParse(File.ReadAllText(RunPidFile).Trim(), out var started) && Directory.Exists($"/proc/{started}") ? started :
        Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsDigit)).Select(int.Parse)
            .FirstOrDefault(pid =>
            {
                try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains("AuditExplorer.Web", StringComparison.Ordinal); }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            });
}
