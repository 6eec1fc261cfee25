using System.Diagnostics;
using Microsoft.Playwright;

// Navigation-to-rendered-rows timing in real Chromium against a running app (scripts/run.sh):
//   auditexplorer-bench-browser [baseUrl] [user] [rounds]
//   auditexplorer-bench-browser circuits [baseUrl] [circuits] [rounds] [settle-seconds]   many concurrent circuits (CircuitLoad)
if (args.FirstOrDefault() == "circuits")
{
    var webPid = AuditExplorer.Bench.Browser.CircuitLoad.FindWebProcess();
    if (webPid == 0) { Console.Error.WriteLine("no running AuditExplorer.Web process: start it with scripts/run.sh"); return 2; }
    return await AuditExplorer.Bench.Browser.CircuitLoad.RunAsync(args.ElementAtOrDefault(1) ?? "http://127.0.0.1:5080",
        int.TryParse(args.ElementAtOrDefault(2), out var c) ? c : 200, int.TryParse(args.ElementAtOrDefault(3), out var n) ? n : 6,
        webPid, int.TryParse(args.ElementAtOrDefault(4), out var s) ? s : 60);
}
var baseUrl = args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5080";
var user = args.ElementAtOrDefault(1) ?? "alice";
var rounds = int.TryParse(args.ElementAtOrDefault(2), out var r) ? r : 20;

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl })).NewPageAsync();
await page.GotoAsync("/t/acme");
await page.Locator("#username").FillAsync(user);
await page.Locator("#password").FillAsync(user + "-demo-pass");
await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
await page.Locator("main[data-interactive='true']").WaitForAsync();
var rows = page.GetByTestId("event-row");
await rows.First.WaitForAsync();

// In-app navigation (the circuit is open): click "Older", then "Newest", each until new rows show.
var inApp = new List<double>();
for (var i = 0; i < rounds; i++)
{
    var before = await rows.First.GetAttributeAsync("data-event-id");
    var button = i % 2 == 0 ? page.GetByTestId("page-next").First : page.GetByTestId("page-first").First;
    var clock = Stopwatch.StartNew();
    await button.ClickAsync();
    await page.WaitForFunctionAsync("id => { const r = document.querySelector('[data-testid=event-row]'); return r && r.dataset.eventId !== id; }", before);
    inApp.Add(clock.Elapsed.TotalMilliseconds);
}

// Full page loads (new circuit each time): address bar to rows on screen.
var fullLoad = new List<double>();
for (var i = 0; i < rounds; i++)
{
    var clock = Stopwatch.StartNew();
    await page.GotoAsync(i % 2 == 0 ? "/t/acme/events?kind=update" : "/t/acme");
    await rows.First.WaitForAsync();
    fullLoad.Add(clock.Elapsed.TotalMilliseconds);
}

static string Summary(List<double> ms)
{
    ms.Sort();
    return $"p50 {ms[ms.Count / 2]:0} ms, p95 {ms[Math.Min(ms.Count - 1, (int)(ms.Count * 0.95))]:0} ms, n={ms.Count}";
}
Console.WriteLine($"in-app page change to new rows: {Summary(inApp)}");
Console.WriteLine($"full page load to rows:          {Summary(fullLoad)}");
return 0;
