namespace AuditExplorer.Data.Diff;

/// <summary>How deep JSON text nests, found by scanning brackets outside strings (no parser, no recursion).</summary>
internal static class JsonNesting
{
    /// <summary>The deepest nesting of objects and arrays in <paramref name="text"/>; text need not be valid JSON.</summary>
    public static int DepthOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int depth = 0, deepest = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++; // the escaped character cannot end the string
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    deepest = Math.Max(deepest, ++depth);
                    break;
                case '}' or ']':
                    depth--;
                    break;
            }
        }
        return deepest;
    }
}
