namespace AuditExplorer.Data.Export;

/// <summary>
/// Reads a stream of UTF-8 lines ending in '\n', counting line numbers from 1. A line longer than
/// the limit throws <see cref="PackageLimitException"/> instead of growing without bound.
/// </summary>
internal sealed class LineReader(Stream stream, int maxLineBytes = int.MaxValue) : IDisposable
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private readonly MemoryStream _partial = new();
    private int _start;
    private int _end;

    public long LineNumber { get; private set; }

    /// <summary>False when the last line read had no '\n' (the writer ends every line with one).</summary>
    public bool LastLineTerminated { get; private set; } = true;

    /// <summary>The next line without its '\n', or null at the end; a last line without '\n' still counts.</summary>
    public byte[]? Next()
    {
        // A line usually lies inside the buffer and is copied out once; one that spans reads collects in _partial.
        _partial.SetLength(0);
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            var taken = newline >= 0 ? newline : pending.Length;
            if (_partial.Length + taken > maxLineBytes)
                throw new PackageLimitException($"line {LineNumber + 1} is longer than {maxLineBytes} bytes; reading stopped");
            if (newline >= 0)
            {
                _start += newline + 1;
                return Line(pending[..newline], terminated: true);
            }
            _partial.Write(pending);
            _start = 0;
            _end = stream.Read(_buffer, 0, _buffer.Length);
            if (_end == 0) return _partial.Length == 0 ? null : Line([], terminated: false);
        }
    }

    private byte[] Line(ReadOnlySpan<byte> tail, bool terminated)
    {
        LineNumber++;
        LastLineTerminated = terminated;
        if (_partial.Length == 0) return tail.ToArray();
        _partial.Write(tail);
        return _partial.ToArray();
    }

    public void Dispose()
    {
        stream.Dispose();
        _partial.Dispose();
    }
}
