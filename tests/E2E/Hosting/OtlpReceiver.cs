using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AuditExplorer.Tests.E2E.SignIn;

namespace AuditExplorer.Tests.E2E.Hosting;

/// <summary>
/// A minimal OTLP/HTTP receiver on loopback: answers every export with 200 and keeps each
/// request's path and body (protobuf; its strings are plain UTF-8, so names can be searched).
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        Url = $"http://127.0.0.1:{ExtraInstances.FreePort()}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Waits until a request to <paramref name="path"/> whose body contains <paramref name="text"/> arrived.</summary>
    public async Task<bool> WaitForAsync(string path, string text, TimeSpan timeout)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0)) return true;
            await Task.Delay(200);
        }
        return false;
    }

    public string Summary => string.Join(", ", _received.Select(r => $"{r.Path} ({r.Body.Length} bytes)"));

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
