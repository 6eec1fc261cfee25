using System.Globalization;
using System.Net;
using System.Text.Json;
using AuditExplorer.Data.Streams.Webhook;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditExplorer.Bench.Streams;

/// <summary>
/// A webhook receiver on a loopback port (Kestrel, minimal API) that does what a real one must: refuses a batch whose
/// signature does not verify under the stream's secret or whose timestamp is more than five minutes off (401), parses
/// the JSON array and counts its events. <see cref="OnEvent"/> sees each accepted event with its arrival time.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly WebApplication _app;
    private long _events;
    private long _batches;
    private long _refused;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The stream secret the signatures must verify with; set before the first batch arrives.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Called for each event of an accepted batch with <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> at arrival.</summary>
    public Action<JsonElement, long>? OnEvent { get; set; }

    public string Url { get; private set; } = "";
    public long Events => Interlocked.Read(ref _events);
    public long Batches => Interlocked.Read(ref _batches);
    public long Refused => Interlocked.Read(ref _refused);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null; // batch size is the sender's choice here
        });
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        using var buffer = new MemoryStream(http.Request.ContentLength is { } n and < int.MaxValue ? (int)n : 1 << 16);
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var timestamp = http.Request.Headers[WebhookSignature.TimestampHeader].ToString();
        var fresh = long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
                    && (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(unix)).Duration() <= Tolerance;
        if (!fresh || !WebhookSignature.Verify(Secret, timestamp, http.Request.Headers[WebhookSignature.Header].ToString(), body.Span))
        {
            Interlocked.Increment(ref _refused);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        using var doc = JsonDocument.Parse(body);
        var count = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            OnEvent?.Invoke(e, arrived);
            count++;
        }
        Interlocked.Add(ref _events, count);
        Interlocked.Increment(ref _batches);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
