using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AuditExplorer.Tests.Integration.Streams;

/// <summary>
/// A real HTTP receiver on a loopback port (HttpListener) that records every webhook request. It can be stopped
/// (connections refused) and started again on the same port, answer with a chosen status, hold its answers, or take a
/// request in and die before answering, as a crashing receiver would.
/// </summary>
internal sealed class LoopbackWebhookReceiver : IAsyncDisposable
{
    private HttpListener? _listener;
    private Task? _loop;

    public LoopbackWebhookReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>Every request that arrived, in arrival order (including those answered with an error or aborted).</summary>
    public ConcurrentQueue<ReceivedBatch> Requests { get; } = new();

    /// <summary>Status to answer with (200 unless changed).</summary>
    public int Status { get; set; } = 200;

    /// <summary>When set, the request with this number (1-based) is read, recorded and then the receiver stops without answering.</summary>
    public int? DieOnRequest { get; set; }

    /// <summary>When set, every request is read and recorded, and its answer waits until this completes (a receiver that hangs).</summary>
    public TaskCompletionSource? Hold { get; init; }

    public void Start()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _listener = listener;
        _loop = Task.Run(() => LoopAsync(listener));
    }

    public async Task StopAsync()
    {
        var listener = Interlocked.Exchange(ref _listener, null);
        if (listener is null) return;
        Hold?.TrySetResult(); // a held answer must not keep the loop (and the test's cleanup) waiting forever
        listener.Abort();
        if (_loop is not null) await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The events of every accepted (2xx) request, in order, as (seq, idempotency key of the request).</summary>
    public List<(long Seq, string Key)> AcceptedSeqs() =>
        [.. Requests.Where(r => r.Status is >= 200 and < 300).SelectMany(r => r.Seqs().Select(s => (s, r.IdempotencyKey)))];

    private async Task LoopAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var number = Requests.Count + 1;
            var dies = DieOnRequest == number;
            Requests.Enqueue(new ReceivedBatch(body.ToArray(), context.Request.Headers["Idempotency-Key"] ?? "",
                context.Request.Headers["AuditExplorer-Timestamp"], context.Request.Headers["AuditExplorer-Signature"], dies ? 0 : Status));
            if (dies)
            {
                // Gone before answering. HttpListener flushes a response for an open request when it closes,
                // so make that one an error (as a proxy in front of a crashed receiver would answer).
                context.Response.StatusCode = 502;
                listener.Abort();
                Interlocked.CompareExchange(ref _listener, null, listener);
                return;
            }
            if (Hold is not null) await Hold.Task;
            context.Response.StatusCode = Status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One request as the receiver got it; <see cref="Status"/> 0 when it died before answering.</summary>
internal sealed record ReceivedBatch(byte[] Body, string IdempotencyKey, string? Timestamp, string? Signature, int Status)
{
    public IEnumerable<JsonElement> Events()
    {
        using var doc = JsonDocument.Parse(Body);
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    public IEnumerable<long> Seqs() => Events().Select(e => e.TryGetProperty("seq", out var s)
        ? s.GetInt64()
        : e.GetProperty("unmapped").GetProperty("auditexplorer").GetProperty("seq").GetInt64());
}
