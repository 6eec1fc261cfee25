namespace AuditExplorer.Data.Streams;

/// <summary>A destination did not accept a batch; the message is shown as the stream's last error, so it says what to check.</summary>
public sealed class StreamDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
