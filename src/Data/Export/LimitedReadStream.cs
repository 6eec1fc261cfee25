namespace AuditExplorer.Data.Export;

/// <summary>
/// Reads at most <c>limit</c> bytes from a zip entry and throws <see cref="PackageLimitException"/>
/// beyond: an entry's declared size is attacker-controlled, so reads are bounded independently of it.
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit, string name) : Stream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _read += n;
        if (_read > limit) throw new PackageLimitException($"{name} is larger than {limit} bytes (its declared size or the limit for this file); reading stopped");
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
