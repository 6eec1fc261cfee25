using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace AuditExplorer.Data.Streams.Syslog;

/// <summary>
/// Sends each batch as octet-counted RFC 5424 messages over one kept TCP (or TLS) connection. Plain syslog has no
/// acknowledgements: <see cref="DeliverAsync"/> returns once every byte is written and flushed to the kernel, which
/// is as far as TCP lets a sender know. A connection error mid-batch reconnects once and sends the whole batch again
/// (the receiver may see part of it twice, each copy with the same seq and id); a second failure throws.
/// </summary>
public sealed class SyslogDestination(SyslogSettings settings) : IStreamDestination
{
    /// <summary>A receiver that stops reading would otherwise hold the stream forever.</summary>
    static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(30);

    TcpClient? _client;
    Stream? _stream;
    Task _receiverClosed = Task.CompletedTask;

    /// <inheritdoc />
    public async Task DeliverAsync(IReadOnlyList<StreamMessage> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        // Format everything first: an oversized event refuses the batch before any of it is sent.
        var frames = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
            frames[i] = OctetCountingFrame.Frame(SyslogMessageFormat.Format(batch[i], settings));

        for (var attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(IoTimeout);
            try
            {
                var stream = await ConnectedAsync(timeout.Token);
                await WriteAllAsync(stream, frames, timeout.Token);
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && IsConnectionFailure(e))
            {
                await DropConnectionAsync();
                if (attempt >= 2)
                    throw new StreamDeliveryException(
                        $"The syslog receiver {Endpoint} did not take {batch.Count} events (seq {batch[0].Seq}..{batch[^1].Seq}): " +
                        $"{Describe(e)} Check that it runs and is reachable{(settings.Tls ? ", and that its certificate is issued by the CA in ca_file for the name in host" : "")}; " +
                        "the whole batch is sent again on the next try.", e);
            }
        }
    }

    /// <summary>Frames are small: gathering them makes one write per 64 KiB instead of one per event.</summary>
    static async Task WriteAllAsync(Stream stream, byte[][] frames, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var used = 0;
            foreach (var frame in frames)
            {
                if (used > 0 && used + frame.Length > buffer.Length)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, used), ct);
                    used = 0;
                }
                if (frame.Length >= buffer.Length)
                    await stream.WriteAsync(frame, ct);
                else
                {
                    frame.CopyTo(buffer, used);
                    used += frame.Length;
                }
            }
            if (used > 0) await stream.WriteAsync(buffer.AsMemory(0, used), ct);
            await stream.FlushAsync(ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    string Endpoint => $"{(settings.Tls ? "tls" : "tcp")}://{settings.Host}:{settings.Port}";

    async Task<Stream> ConnectedAsync(CancellationToken ct)
    {
        if (_stream is not null && _client is not null && IsStillOpen(_client.Client)) return _stream;
        await DropConnectionAsync();

        var client = new TcpClient { NoDelay = false };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, ct);
            Stream stream = client.GetStream();
            if (settings.Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(TlsOptions(), ct);
                stream = tls;
            }
            _client = client;
            _stream = stream;
            _receiverClosed = WatchForCloseAsync(stream);
            return stream;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    SslClientAuthenticationOptions TlsOptions()
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = settings.Host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };
        if (settings.CaFile is { } caFile)
        {
            // Trust only the configured CA(s), not the system's roots. Host name checking stays on: SslStream still
            // reports a certificate issued for another name. Private CAs rarely publish revocation lists.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            try { policy.CustomTrustStore.ImportFromPemFile(caFile); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new StreamDeliveryException($"The syslog ca_file \"{caFile}\" could not be read as PEM certificates: {e.Message}", e);
            }
            options.CertificateChainPolicy = policy;
        }
        return options;
    }

    /// <summary>
    /// Whether the receiver still holds the connection. Writing into one it closed (or reset) since the last batch
    /// would "succeed" into the kernel buffer and lose the first events without an error.
    /// </summary>
    bool IsStillOpen(Socket socket)
    {
        if (_receiverClosed.IsCompleted) return false;
        try
        {
            // Readable with nothing to read is the peer's FIN or RST. A plain receiver never sends; with TLS the bytes
            // may be a TLS 1.3 session ticket the watcher below is about to consume.
            return socket.Connected && !(socket.Poll(0, SelectMode.SelectRead) && (socket.Available == 0 || !settings.Tls));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return false; }
    }

    /// <summary>
    /// Reads (and ignores) whatever the receiver sends until it closes: that notices a closed connection between
    /// batches, and lets TLS process post-handshake messages. Completes, never throws, when the connection ends.
    /// </summary>
    static async Task WatchForCloseAsync(Stream stream)
    {
        var buffer = new byte[512];
        try
        {
            while (await stream.ReadAsync(buffer) > 0) { }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The connection ended; the next batch reconnects.
        }
    }

    static bool IsConnectionFailure(Exception e) =>
        e is IOException or SocketException or AuthenticationException or ObjectDisposedException or OperationCanceledException;

    static string Describe(Exception e) => e switch
    {
        OperationCanceledException => $"no progress for {IoTimeout.TotalSeconds:0} s (the receiver stopped reading or cannot be reached).",
        AuthenticationException a => $"TLS handshake failed: {a.InnerException?.Message ?? a.Message}.",
        _ => e.Message.TrimEnd('.') + ".",
    };

    async Task DropConnectionAsync()
    {
        var stream = _stream; var client = _client;
        _stream = null; _client = null;
        // Close the socket first so nothing waits on a receiver that stopped reading; a failed batch is resent whole.
        client?.Dispose();
        if (stream is not null)
        {
            try { await stream.DisposeAsync(); } catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await DropConnectionAsync();
}
