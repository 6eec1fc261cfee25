namespace AuditExplorer.Data.Streams;

/// <summary>
/// A place a stream delivers events to (syslog, webhook, NATS JetStream, ...). Delivery is at least once: the stream
/// worker advances its stored position only after <see cref="DeliverAsync"/> returned, so a destination must return
/// only once the receiver has accepted every message of the batch, in order, and throw otherwise.
/// </summary>
public interface IStreamDestination : IAsyncDisposable
{
    /// <summary>Sends the batch in order; throws <see cref="StreamDeliveryException"/> (or lets I/O errors through) when any message was not accepted.</summary>
    Task DeliverAsync(IReadOnlyList<StreamMessage> batch, CancellationToken ct);
}
