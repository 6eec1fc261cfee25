namespace AuditExplorer.Data.Export;

/// <summary>
/// Reads a stream of UTF-8 lines ending in '\n', counting line numbers from 1. A line longer than
/// the limit throws <see cref="PackageLimitException"/> instead of growing without bound.
/// </summary>
internal sealed class LineReader(Stream stream, int maxLineBytes = int.MaxValue) : IDisposable
{
    private readonly BufferedStream _input = new(stream, 1 << 16);
    private readonly MemoryStream _line = new();

    public long LineNumber { get; private set; }

    /// <summary>False when the last line read had no '\n' (the writer ends every line with one).</summary>
    public bool LastLineTerminated { get; private set; } = true;

    /// <summary>The next line without its '\n', or null at the end; a last line without '\n' still counts.</summary>
    public byte[]? Next()
    {
        _line.SetLength(0);
        int b;
        while ((b = _input.ReadByte()) >= 0 && b != '\n')
        {
            if (_line.Length >= maxLineBytes)
                throw new PackageLimitException($"line {LineNumber + 1} is longer than {maxLineBytes} bytes; reading stopped");
            _line.WriteByte((byte)b);
        }
        if (b < 0 && _line.Length == 0) return null;
        LineNumber++;
        LastLineTerminated = b == '\n';
        return _line.ToArray();
    }

    public void Dispose()
    {
        _input.Dispose();
        _line.Dispose();
    }
}
