namespace AuditExplorer.Data.Streams;

/// <summary>
/// One sealed event, already formatted for its stream. <see cref="IdempotencyKey"/> is <c>tenant:seq</c>, the same on
/// every retry, so receivers can drop the duplicates at-least-once delivery allows.
/// </summary>
/// <param name="Body">The formatted event (the product's event JSON or OCSF), UTF-8, one JSON object, no trailing newline.</param>
/// <param name="ContentType">For example <c>application/json</c>.</param>
public sealed record StreamMessage(string TenantId, long Seq, Guid EventId, DateTimeOffset OccurredAt, ReadOnlyMemory<byte> Body, string ContentType)
{
    /// <summary>Stable across retries: <c>tenant:seq</c>.</summary>
    public string IdempotencyKey => $"{TenantId}:{Seq}";
}
