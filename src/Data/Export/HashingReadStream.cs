using System.Security.Cryptography;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Passes reads through from an inner stream while computing the SHA-256 and length of what was read, so a
/// file can be hashed by the same pass that checks it instead of being inflated a second time; with nothing
/// read before <see cref="Finish"/>, it simply hashes the whole stream.
/// </summary>
internal sealed class HashingReadStream(Stream inner) : Stream
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _faulted;

    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch
        {
            _faulted = true;
            throw;
        }
        _sha.AppendData(buffer[..n]);
        BytesRead += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>
    /// Reads what the checks left unread and returns the size and SHA-256 of the whole stream; null when a read
    /// failed (a corrupt entry, a size limit), as the hash of a stream read only in part says nothing.
    /// </summary>
    public (long Bytes, string Sha)? Finish(CancellationToken ct)
    {
        if (_faulted) return null;
        var buffer = new byte[1 << 16];
        try
        {
            while (Read(buffer) > 0) ct.ThrowIfCancellationRequested();
        }
        catch (Exception ex) when (ex is InvalidDataException or PackageLimitException)
        {
            return null;
        }
        return (BytesRead, Convert.ToHexStringLower(_sha.GetHashAndReset()));
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // What is left cannot be read any more: Finish then reports no hash, and the entry is hashed afresh.
            _faulted = true;
            inner.Dispose();
            _sha.Dispose();
        }
        base.Dispose(disposing);
    }
}
