namespace AuditExplorer.Data.Integrity;

/// <summary>A byte buffer that grows on demand and can be cut back, which canonical object sorting needs.</summary>
internal sealed class GrowableBuffer(int initialCapacity)
{
    private byte[] _bytes = new byte[Math.Max(16, initialCapacity)];

    public int WrittenCount { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, WrittenCount);

    public Span<byte> GetSpan(int sizeHint)
    {
        if (_bytes.Length - WrittenCount < sizeHint)
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, WrittenCount + sizeHint));
        return _bytes.AsSpan(WrittenCount);
    }

    public void Advance(int count) => WrittenCount += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        WrittenCount += bytes.Length;
    }

    public void Truncate(int count) => WrittenCount = Math.Min(count, WrittenCount);
}
