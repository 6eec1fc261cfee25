using System.Globalization;
using System.Text;

namespace AuditExplorer.Data.Demo;

/// <summary>
/// Writes JSON text straight into a reused buffer. Seeding millions of events cannot afford a
/// serializer per event; most values come from pools that are escaped once up front.
/// </summary>
internal sealed class JsonTextBuilder
{
    private readonly StringBuilder _text = new(4096);
    private readonly bool[] _needsComma = new bool[32];
    private int _depth;

    public JsonTextBuilder Begin()
    {
        _text.Clear();
        _depth = 0;
        return Open('{');
    }

    public string Finish()
    {
        Close('}');
        return _text.ToString();
    }

    public JsonTextBuilder Object(string name) => Key(name).Open('{');
    public JsonTextBuilder EndObject() => Close('}');
    public JsonTextBuilder Array(string name) => Key(name).Open('[');
    public JsonTextBuilder EndArray() => Close(']');

    /// <summary>Starts an object inside an array.</summary>
    public JsonTextBuilder Element() => Separate().Open('{');

    public JsonTextBuilder String(string name, string value) => Key(name).Quoted(value);
    public JsonTextBuilder StringElement(string value) => Separate().Quoted(value);

    public JsonTextBuilder Number(string name, long value)
    {
        Key(name)._text.Append(value);
        return this;
    }

    public JsonTextBuilder Number(string name, decimal value)
    {
        Key(name)._text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public JsonTextBuilder Boolean(string name, bool value)
    {
        Key(name)._text.Append(value ? "true" : "false");
        return this;
    }

    public JsonTextBuilder Null(string name)
    {
        Key(name)._text.Append("null");
        return this;
    }

    /// <summary>Appends a value that is already JSON (a pooled, pre-escaped string literal or object).</summary>
    public JsonTextBuilder Raw(string name, string json)
    {
        Key(name)._text.Append(json);
        return this;
    }

    /// <summary>Appends several pre-escaped string literals as one string value ("a" + "b" → "ab").</summary>
    public JsonTextBuilder Joined(string name, IReadOnlyList<string> quotedParts, string separator)
    {
        Key(name)._text.Append('"');
        for (var i = 0; i < quotedParts.Count; i++)
        {
            if (i > 0) _text.Append(separator);
            _text.Append(quotedParts[i], 1, quotedParts[i].Length - 2);
        }
        _text.Append('"');
        return this;
    }

    /// <summary>Escapes a string once so it can be appended many times with <see cref="Raw"/>.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        AppendQuoted(sb, value);
        return sb.ToString();
    }

    private JsonTextBuilder Key(string name)
    {
        Separate();
        _text.Append('"').Append(name).Append("\":");
        return this;
    }

    private JsonTextBuilder Separate()
    {
        if (_needsComma[_depth]) _text.Append(',');
        _needsComma[_depth] = true;
        return this;
    }

    private JsonTextBuilder Open(char bracket)
    {
        _text.Append(bracket);
        _needsComma[++_depth] = false;
        return this;
    }

    private JsonTextBuilder Close(char bracket)
    {
        _text.Append(bracket);
        _depth--;
        return this;
    }

    private JsonTextBuilder Quoted(string value)
    {
        AppendQuoted(_text, value);
        return this;
    }

    private static void AppendQuoted(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
