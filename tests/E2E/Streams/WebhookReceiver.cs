using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AuditExplorer.Tests.E2E.Streams;

/// <summary>A real HTTP receiver on a loopback port that keeps every webhook body it is sent, answering 200.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();

    public WebhookReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public ConcurrentQueue<(string Body, string? Signature)> Batches { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            Batches.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers["AuditExplorer-Signature"]));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Abort();
}
