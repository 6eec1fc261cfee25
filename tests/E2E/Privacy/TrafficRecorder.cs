using System.Collections.Concurrent;
using System.Text;
using Microsoft.Playwright;

namespace AuditExplorer.Tests.E2E.Privacy;

/// <summary>
/// Keeps everything the server sends to one page: every WebSocket frame (the Blazor circuit's render batches
/// and interop calls, binary or text) and every HTTP response body. What an attacker with DevTools reads.
/// </summary>
public sealed class TrafficRecorder
{
    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentQueue<Task> _pending = new();

    public TrafficRecorder(IPage page)
    {
        page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, frame) => _received.Enqueue(Text(frame));
            socket.FrameSent += (_, frame) => _received.Enqueue(Text(frame));
        };
        page.Response += (_, response) => _pending.Enqueue(CaptureAsync(response));
    }

    /// <summary>How many frames and bodies were captured (a walk that captured nothing proves nothing).</summary>
    public int Count => _received.Count;

    /// <summary>The captured texts that contain <paramref name="secret"/>, after every response body has arrived.</summary>
    public async Task<IReadOnlyList<string>> ContainingAsync(string secret)
    {
        while (_pending.TryDequeue(out var task)) await task;
        return _received.Where(t => t.Contains(secret, StringComparison.Ordinal)).ToList();
    }

    // Blazor's render batches are binary (MessagePack); their strings are UTF-8 inside, so decoding finds them.
    private static string Text(IWebSocketFrame frame) =>
        frame.Text ?? (frame.Binary is { } bytes ? Encoding.UTF8.GetString(bytes) : "");

    private async Task CaptureAsync(IResponse response)
    {
        try
        {
            _received.Enqueue(Encoding.UTF8.GetString(await response.BodyAsync()));
        }
        catch (PlaywrightException)
        {
            // Redirects and aborted requests have no body.
        }
    }
}
