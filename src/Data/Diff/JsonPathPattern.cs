using System.Globalization;
using System.Text;

namespace AuditExplorer.Data.Diff;

/// <summary>
/// A parsed JSON path in the notation the diff produces (<c>$.a.b</c>, <c>$['odd key']</c>, <c>$.items[2]</c>,
/// <c>$.items[id=42]</c>) plus the pattern steps <c>*</c> / <c>[*]</c> (any one step) and <c>..</c> (any number of steps).
/// </summary>
public sealed class JsonPathPattern
{
    private readonly JsonPathSegment[] _segments;
    private readonly bool _hasDescendants;

    private JsonPathPattern(string text, JsonPathSegment[] segments)
    {
        Text = text;
        _segments = segments;
        _hasDescendants = segments.Any(s => s.Kind == JsonPathSegmentKind.Descendants);
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>The steps after <c>$</c>.</summary>
    public IReadOnlyList<JsonPathSegment> Segments => _segments;

    /// <summary>Parses a path such as <c>$.customer.email</c> or <c>$..email</c>.</summary>
    /// <exception cref="InvalidJsonPathException">The text is not a path in this notation.</exception>
    public static JsonPathPattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new JsonPathPattern(text, new Reader(text).ReadAll());
    }

    /// <summary>Whether this pattern selects exactly the node at <paramref name="path"/>.</summary>
    public bool Matches(IReadOnlyList<JsonPathSegment> path)
    {
        if (!_hasDescendants && path.Count != _segments.Length)
        {
            return false;
        }
        // Cheap rejection first: the last step must agree whatever the middle does.
        if (_segments.Length > 0 && path.Count > 0
            && _segments[^1].Kind != JsonPathSegmentKind.Descendants
            && !StepMatches(_segments[^1], path[^1]))
        {
            return false;
        }
        return MatchesFrom(0, path, 0);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private bool MatchesFrom(int p, IReadOnlyList<JsonPathSegment> path, int s)
    {
        while (p < _segments.Length)
        {
            var step = _segments[p];
            if (step.Kind == JsonPathSegmentKind.Descendants)
            {
                for (var skip = s; skip <= path.Count; skip++)
                {
                    if (MatchesFrom(p + 1, path, skip))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (s >= path.Count || !StepMatches(step, path[s]))
            {
                return false;
            }
            p++;
            s++;
        }
        return s == path.Count;
    }

    private static bool StepMatches(JsonPathSegment step, JsonPathSegment actual) => step.Kind switch
    {
        JsonPathSegmentKind.Wildcard => true,
        JsonPathSegmentKind.Property => actual.Kind == JsonPathSegmentKind.Property && actual.Name == step.Name,
        JsonPathSegmentKind.Index => actual.Kind == JsonPathSegmentKind.Index && actual.Index == step.Index,
        JsonPathSegmentKind.Identity => actual.Kind == JsonPathSegmentKind.Identity
            && actual.Name == step.Name && actual.IdentityValue == step.IdentityValue,
        _ => false,
    };

    private ref struct Reader(string text)
    {
        private int _at;

        public JsonPathSegment[] ReadAll()
        {
            var segments = new List<JsonPathSegment>();
            if (text.Length == 0 || text[0] != '$')
            {
                throw Fail("must start with \"$\"");
            }
            _at = 1;
            while (_at < text.Length)
            {
                if (At("..")) 
                {
                    _at += 2;
                    segments.Add(new JsonPathSegment(JsonPathSegmentKind.Descendants));
                    if (_at < text.Length && text[_at] != '[')
                    {
                        segments.Add(ReadName());
                    }
                }
                else if (text[_at] == '.')
                {
                    _at++;
                    segments.Add(ReadName());
                }
                else if (text[_at] == '[')
                {
                    _at++;
                    segments.Add(ReadBracket());
                }
                else
                {
                    throw Fail($"unexpected \"{text[_at]}\"");
                }
            }
            if (segments.Count > 0 && segments[^1].Kind == JsonPathSegmentKind.Descendants)
            {
                throw Fail("\"..\" must be followed by a name");
            }
            return [.. segments];
        }

        private JsonPathSegment ReadName()
        {
            var start = _at;
            while (_at < text.Length && text[_at] is not ('.' or '['))
            {
                _at++;
            }
            var name = text[start.._at];
            if (name.Length == 0)
            {
                throw Fail("a name is missing after \".\"");
            }
            return name == "*" ? new JsonPathSegment(JsonPathSegmentKind.Wildcard) : JsonPathSegment.Property(name);
        }

        private JsonPathSegment ReadBracket()
        {
            if (At("*]"))
            {
                _at += 2;
                return new JsonPathSegment(JsonPathSegmentKind.Wildcard);
            }
            if (_at < text.Length && text[_at] is '\'' or '"')
            {
                var name = ReadQuoted(text[_at]);
                Expect(']');
                return JsonPathSegment.Property(name);
            }
            var start = _at;
            while (_at < text.Length && text[_at] is not (']' or '='))
            {
                _at++;
            }
            var head = text[start.._at];
            if (_at < text.Length && text[_at] == ']')
            {
                _at++;
                if (int.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return JsonPathSegment.At(index);
                }
                throw Fail($"\"[{head}]\" is not an array position");
            }
            Expect('=');
            if (head.Length == 0)
            {
                throw Fail("an identity key name is missing before \"=\"");
            }
            var valueStart = _at;
            if (_at < text.Length && text[_at] == '"')
            {
                ReadQuoted('"');
            }
            else
            {
                while (_at < text.Length && text[_at] != ']')
                {
                    _at++;
                }
            }
            var value = text[valueStart.._at];
            Expect(']');
            return JsonPathSegment.Identified(head, value);
        }

        private string ReadQuoted(char quote)
        {
            _at++;
            var name = new StringBuilder();
            while (_at < text.Length && text[_at] != quote)
            {
                if (text[_at] == '\\' && _at + 1 < text.Length)
                {
                    _at++;
                }
                name.Append(text[_at++]);
            }
            Expect(quote);
            return name.ToString();
        }

        private void Expect(char c)
        {
            if (_at >= text.Length || text[_at] != c)
            {
                throw Fail($"expected \"{c}\"");
            }
            _at++;
        }

        private readonly bool At(string expected) => string.CompareOrdinal(text, _at, expected, 0, expected.Length) == 0;

        private readonly InvalidJsonPathException Fail(string problem) =>
            new($"\"{text}\" is not a valid JSON path: {problem} at position {_at + 1}.");
    }
}
