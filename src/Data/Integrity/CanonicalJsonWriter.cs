using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Writes RFC 8785 canonical JSON into a reusable buffer: sorted object members, no whitespace,
/// minimal string escaping, ECMAScript number formatting.
/// </summary>
public sealed class CanonicalJsonWriter
{
    private static readonly byte[] HexDigits = "0123456789abcdef"u8.ToArray();

    /// <summary>Characters that need escaping or a surrogate-pair check.</summary>
    private static readonly SearchValues<char> NeedsCare = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\"\\" +
        string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));
    private readonly GrowableBuffer _buffer;

    public CanonicalJsonWriter(int initialCapacity = 1024) => _buffer = new GrowableBuffer(initialCapacity);

    /// <summary>
    /// Writes numbers beyond the IEEE 754 double range (which PostgreSQL's jsonb accepts) as JSON
    /// strings of their literal text instead of rejecting them; the event format's rule, so one
    /// such value can never block sealing.
    /// </summary>
    public bool OversizedNumbersAsStrings { get; set; }

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void Reset() => _buffer.Truncate(0);

    /// <summary>Drops everything written after <paramref name="count"/> bytes.</summary>
    public void Truncate(int count) => _buffer.Truncate(count);

    public int WrittenCount => _buffer.WrittenCount;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Writes bytes that are already canonical (punctuation, known ASCII keys).</summary>
    public void WriteRaw(ReadOnlySpan<byte> utf8) => _buffer.Write(utf8);

    public void WriteNull() => WriteRaw("null"u8);

    public void WriteInteger(long value)
    {
        var span = _buffer.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _buffer.Advance(written);
    }

    public void WriteNumber(double value) => WriteAscii(EcmaScriptNumberFormatter.Format(value));

    /// <summary>Writes a JSON string: only '"', '\' and control characters are escaped (RFC 8785 3.2.2.2).</summary>
    public void WriteString(string value)
    {
        _buffer.Write("\""u8);
        // Most strings need no escaping and hold no surrogates: encode them in one vectorized pass.
        if (value.AsSpan().IndexOfAny(NeedsCare) < 0)
        {
            WriteUtf8(value);
            _buffer.Write("\""u8);
            return;
        }
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
                    throw new FormatException("JSON text contains a lone surrogate, which canonical JSON cannot represent");
                if (char.IsHighSurrogate(c)) i++;
                continue;
            }
            WriteUtf8(value.AsSpan(start, i - start));
            WriteEscape(c);
            start = i + 1;
        }
        WriteUtf8(value.AsSpan(start));
        _buffer.Write("\""u8);
    }

    /// <summary>Parses <paramref name="json"/> and writes it canonically, streaming (no document object model).</summary>
    public void WriteJson(string json)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, rented);
            WriteJson(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses UTF-8 JSON text and writes it canonically.</summary>
    public void WriteJson(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
        {
            MaxDepth = JsonCanonicalizer.MaxDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow,
        });
        try
        {
            if (!reader.Read()) throw new FormatException("not valid JSON: no value");
            WriteValue(ref reader);
            if (reader.Read()) throw new FormatException("not valid JSON: more than one value");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }
    }

    private void WriteValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: WriteObject(ref reader); break;
            case JsonTokenType.StartArray:
                _buffer.Write("["u8);
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first) _buffer.Write(","u8);
                    first = false;
                    WriteValue(ref reader);
                }
                _buffer.Write("]"u8);
                break;
            case JsonTokenType.String:
                // An unescaped string of valid UTF-8 holds no quote, backslash or control character (the reader refuses
                // those raw), so its bytes are already canonical: copy them instead of decoding and re-encoding.
                if (IsCanonicalAsIs(ref reader))
                {
                    _buffer.Write("\""u8);
                    _buffer.Write(reader.ValueSpan);
                    _buffer.Write("\""u8);
                }
                else WriteString(reader.GetString()!);
                break;
            case JsonTokenType.Number: WriteNumberLiteral(reader.ValueSpan); break;
            case JsonTokenType.True: WriteRaw("true"u8); break;
            case JsonTokenType.False: WriteRaw("false"u8); break;
            case JsonTokenType.Null: WriteNull(); break;
            default: throw new FormatException($"unexpected JSON token {reader.TokenType}");
        }
    }

    private static bool IsCanonicalAsIs(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && System.Text.Unicode.Utf8.IsValid(reader.ValueSpan);

    /// <summary>One member of an object being canonicalized: where its <c>"name":value</c> bytes are, and its name.</summary>
    /// <param name="Name">The decoded name when it is escaped or not ASCII; null when its bytes at NameStart are the name.</param>
    private readonly record struct Member(string? Name, int NameStart, int NameLength, int Start, int Length);

    // Members of all objects being written, innermost last: one array per writer instead of a list per object.
    private Member[] _members = new Member[64];
    private int _memberCount;

    // Members are written as "name":value in document order, then the object is rewritten in sorted order.
    private void WriteObject(ref Utf8JsonReader reader)
    {
        var first = _memberCount;
        try
        {
            WriteSortedObject(ref reader, first);
        }
        finally
        {
            // Also when the document is refused (a duplicate name, bad JSON): a reused writer keeps no stale members.
            _memberCount = first;
        }
    }

    private void WriteSortedObject(ref Utf8JsonReader reader, int first)
    {
        var objectStart = _buffer.WrittenCount;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = _buffer.WrittenCount;
            string? name = null;
            if (IsCanonicalAsIs(ref reader) && System.Text.Ascii.IsValid(reader.ValueSpan))
            {
                _buffer.Write("\""u8);
                _buffer.Write(reader.ValueSpan);
                _buffer.Write("\""u8);
            }
            else
            {
                name = reader.GetString()!;
                WriteString(name);
            }
            var nameLength = _buffer.WrittenCount - start - 2;
            _buffer.Write(":"u8);
            reader.Read();
            WriteValue(ref reader);
            if (_memberCount == _members.Length) Array.Resize(ref _members, _members.Length * 2);
            _members[_memberCount++] = new Member(name, start + 1 - objectStart, nameLength, start - objectStart, _buffer.WrittenCount - start);
        }
        var valuesLength = _buffer.WrittenCount - objectStart;
        var values = ArrayPool<byte>.Shared.Rent(Math.Max(1, valuesLength));
        try
        {
            _buffer.WrittenSpan[objectStart..].CopyTo(values);
            _buffer.Truncate(objectStart);
            var members = _members.AsSpan(first, _memberCount - first);
            SortMembers(members, values);
            _buffer.Write("{"u8);
            for (var i = 0; i < members.Length; i++)
            {
                if (i > 0)
                {
                    if (CompareNames(members[i], members[i - 1], values) == 0)
                        throw new FormatException($"duplicate object member \"{NameOf(members[i], values)}\" (I-JSON forbids duplicates)");
                    _buffer.Write(","u8);
                }
                _buffer.Write(values.AsSpan(members[i].Start, members[i].Length));
            }
            _buffer.Write("}"u8);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(values);
        }
    }

    private static void SortMembers(Span<Member> members, byte[] values)
    {
        if (members.Length > 16)
        {
            members.Sort((a, b) => CompareNames(a, b, values));
            return;
        }
        // Objects are small: an insertion sort needs no delegate and no allocation.
        for (var i = 1; i < members.Length; i++)
        {
            var m = members[i];
            var j = i - 1;
            for (; j >= 0 && CompareNames(members[j], m, values) > 0; j--) members[j + 1] = members[j];
            members[j + 1] = m;
        }
    }

    // RFC 8785 sorts member names by their UTF-16 code units, which is exactly ordinal string order; for ASCII
    // names that is the order of their bytes.
    private static int CompareNames(in Member a, in Member b, byte[] values) =>
        a.Name is null && b.Name is null
            ? values.AsSpan(a.NameStart, a.NameLength).SequenceCompareTo(values.AsSpan(b.NameStart, b.NameLength))
            : string.CompareOrdinal(NameOf(a, values), NameOf(b, values));

    private static string NameOf(in Member m, byte[] values) => m.Name ?? Encoding.ASCII.GetString(values, m.NameStart, m.NameLength);

    private void WriteNumberLiteral(ReadOnlySpan<byte> raw)
    {
        // Fast path: short integers are already in ECMAScript form (no sign quirks, no exponent).
        if (raw.Length <= 15 && IsPlainInteger(raw))
        {
            _buffer.Write(raw);
            return;
        }
        var text = Encoding.ASCII.GetString(raw);
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            if (!OversizedNumbersAsStrings) throw new FormatException($"number {text} is outside the IEEE 754 double range");
            WriteString(text);
            return;
        }
        WriteNumber(value);
    }

    private static bool IsPlainInteger(ReadOnlySpan<byte> raw)
    {
        var i = raw[0] == '-' ? 1 : 0;
        if (i >= raw.Length || (raw[i] == '0' && raw.Length > i + 1) || (i == 1 && raw[1] == '0')) return false;
        for (; i < raw.Length; i++) if (raw[i] is < (byte)'0' or > (byte)'9') return false;
        return true;
    }

    /// <summary>Writes any parsed JSON value canonically.</summary>
    public void WriteElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object: WriteObject(element); break;
            case JsonValueKind.Array:
                _buffer.Write("["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) _buffer.Write(","u8);
                    first = false;
                    WriteElement(item);
                }
                _buffer.Write("]"u8);
                break;
            case JsonValueKind.String: WriteString(element.GetString()!); break;
            case JsonValueKind.Number: WriteNumberLiteral(element); break;
            case JsonValueKind.True: WriteRaw("true"u8); break;
            case JsonValueKind.False: WriteRaw("false"u8); break;
            case JsonValueKind.Null: WriteNull(); break;
            default: throw new FormatException($"unexpected JSON value kind {element.ValueKind}");
        }
    }

    private void WriteObject(JsonElement element)
    {
        var members = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject()) members.Add(property);
        // RFC 8785 sorts member names by their UTF-16 code units, which is exactly ordinal string order.
        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        _buffer.Write("{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                if (members[i].Name == members[i - 1].Name)
                    throw new FormatException($"duplicate object member \"{members[i].Name}\" (I-JSON forbids duplicates)");
                _buffer.Write(","u8);
            }
            WriteString(members[i].Name);
            _buffer.Write(":"u8);
            WriteElement(members[i].Value);
        }
        _buffer.Write("}"u8);
    }

    private void WriteNumberLiteral(JsonElement element) => WriteNumberLiteral(Encoding.ASCII.GetBytes(element.GetRawText()));

    private void WriteEscape(char c)
    {
        switch (c)
        {
            case '"': _buffer.Write("\\\""u8); return;
            case '\\': _buffer.Write("\\\\"u8); return;
            case '\b': _buffer.Write("\\b"u8); return;
            case '\t': _buffer.Write("\\t"u8); return;
            case '\n': _buffer.Write("\\n"u8); return;
            case '\f': _buffer.Write("\\f"u8); return;
            case '\r': _buffer.Write("\\r"u8); return;
        }
        var span = _buffer.GetSpan(6);
        "\\u00"u8.CopyTo(span);
        span[4] = HexDigits[c >> 4];
        span[5] = HexDigits[c & 0xF];
        _buffer.Advance(6);
    }

    private void WriteUtf8(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty) return;
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length));
        var written = Encoding.UTF8.GetBytes(chars, span);
        _buffer.Advance(written);
    }

    private void WriteAscii(string ascii)
    {
        var span = _buffer.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++) span[i] = (byte)ascii[i];
        _buffer.Advance(ascii.Length);
    }
}
