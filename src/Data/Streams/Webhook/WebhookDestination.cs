using System.Net;
using System.Net.Http.Headers;

namespace AuditExplorer.Data.Streams.Webhook;

/// <summary>
/// POSTs each batch as one JSON array with its signature and an <c>Idempotency-Key</c> of the batch's first and last
/// message keys (<c>tenant:seq..tenant:seq</c>), the same on every retry. 5xx, 408, 429, timeouts and connection
/// errors are retried with doubling backoff up to the configured attempts; any other answer outside 2xx fails the
/// batch at once (the receiver refuses it, retrying will not help until someone fixes it).
/// </summary>
public sealed class WebhookDestination : IStreamDestination
{
    private readonly WebhookSettings _settings;
    private readonly string _secret;
    private readonly HttpClient _http;

    /// <summary>A destination for validated settings and the stream's secret.</summary>
    public WebhookDestination(WebhookSettings settings, string secret)
    {
        _settings = settings;
        _secret = secret;
        // No redirects: the signed batch goes to the URL the admin configured and nowhere else.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Time between retries of one batch; doubled after each.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public async Task DeliverAsync(IReadOnlyList<StreamMessage> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var body = Body(batch);
        var key = batch[0].IdempotencyKey + ".." + batch[^1].IdempotencyKey;
        var where = _settings.Url.GetLeftPart(UriPartial.Path);
        string? last = null;
        for (var attempt = 1; attempt <= _settings.Attempts; attempt++)
        {
            if (attempt > 1) await Task.Delay(RetryDelay * (1 << (attempt - 2)), ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_settings.Timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _settings.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                request.Headers.Add("Idempotency-Key", key);
                request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(_secret, timestamp, body));
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300) return;
                last = $"webhook {where} answered {status} {response.ReasonPhrase}";
                if (status is < 500 and not (int)HttpStatusCode.RequestTimeout and not (int)HttpStatusCode.TooManyRequests)
                    throw new StreamDeliveryException(last + "; the receiver refuses the batch (check its URL and that it verifies with this stream's secret)");
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                last = $"webhook {where} did not answer within {_settings.Timeout.TotalSeconds:0} s";
            }
            catch (HttpRequestException ex)
            {
                last = $"webhook {where} could not be reached ({ex.HttpRequestError}: {ex.Message})";
            }
        }
        throw new StreamDeliveryException($"{last} after {_settings.Attempts} attempt(s); check that the receiver is running and reachable from the web app");
    }

    private static byte[] Body(IReadOnlyList<StreamMessage> batch)
    {
        var length = 2 + batch.Sum(m => m.Body.Length) + batch.Count - 1;
        var body = new byte[length];
        var at = 0;
        body[at++] = (byte)'[';
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0) body[at++] = (byte)',';
            batch[i].Body.Span.CopyTo(body.AsSpan(at));
            at += batch[i].Body.Length;
        }
        body[at] = (byte)']';
        return body;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
