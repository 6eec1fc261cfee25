namespace AuditExplorer.Data.Export;

/// <summary>Reads a stream of UTF-8 lines ending in '\n', counting line numbers from 1.</summary>
internal sealed class LineReader(Stream stream) : IDisposable
{
    private readonly BufferedStream _input = new(stream, 1 << 16);
    private readonly MemoryStream _line = new();

    public long LineNumber { get; private set; }

    /// <summary>The next line without its '\n', or null at the end; a last line without '\n' still counts.</summary>
    public byte[]? Next()
    {
        _line.SetLength(0);
        int b;
        while ((b = _input.ReadByte()) >= 0 && b != '\n') _line.WriteByte((byte)b);
        if (b < 0 && _line.Length == 0) return null;
        LineNumber++;
        return _line.ToArray();
    }

    public void Dispose()
    {
        _input.Dispose();
        _line.Dispose();
    }
}
