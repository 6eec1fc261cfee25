namespace AuditExplorer.Web.Hosting;

/// <summary>
/// <c>AuditExplorer.Web.dll probe [url]</c>: asks a running instance's /health/ready and exits 0
/// when it answers 200, 1 otherwise. The container image has no curl or wget, so its health check
/// runs this instead of starting a second web host.
/// </summary>
internal static class ReadinessProbe
{
    public const string Verb = "probe";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{url}: {ex.Message}");
            return 1;
        }
    }

    // The port the image listens on (ASPNETCORE_HTTP_PORTS), on loopback.
    private static string DefaultUrl()
    {
        var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080").Split(';', ',')[0].Trim();
        return $"http://127.0.0.1:{port}/health/ready";
    }
}
