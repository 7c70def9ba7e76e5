namespace Scraper.Node.Configuration;

/// <summary>
/// Go's <c>filepath.Match</c> syntax for one path element (<c>*</c>, <c>?</c>, <c>[...]</c>, <c>\</c> escapes), used
/// to check <c>file_sd_configs</c> patterns and to find whether they match any file.
/// </summary>
internal static class GoGlob
{
    public static bool HasMeta(string pattern) => pattern.AsSpan().IndexOfAny("*?[\\") >= 0;

    /// <summary>True when the pattern's syntax is valid (Go reports <c>syntax error in pattern</c> otherwise).</summary>
    public static bool IsValid(string pattern)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        return false;
                    }
                    i += 2;
                    break;
                case '[':
                    if (!TryClass(pattern, i, out var end, out _))
                    {
                        return false;
                    }
                    i = end;
                    break;
                default:
                    i++;
                    break;
            }
        }
        return true;
    }

    /// <summary>Matches <paramref name="name"/> (one path element) against a valid pattern.</summary>
    public static bool Match(string pattern, string name) => Match(pattern, 0, name, 0);

    private static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '*')
            {
                // '*' matches any run of characters except the separator.
                for (var k = si; k <= s.Length; k++)
                {
                    if (Match(p, pi + 1, s, k))
                    {
                        return true;
                    }
                    if (k < s.Length && s[k] == '/')
                    {
                        break;
                    }
                }
                return false;
            }
            if (si >= s.Length)
            {
                return false;
            }
            switch (c)
            {
                case '?':
                    if (s[si] == '/')
                    {
                        return false;
                    }
                    pi++;
                    break;
                case '[':
                    if (!TryClass(p, pi, out var end, out var matches) || !matches(s[si]))
                    {
                        return false;
                    }
                    pi = end;
                    break;
                case '\\':
                    if (pi + 1 >= p.Length || p[pi + 1] != s[si])
                    {
                        return false;
                    }
                    pi += 2;
                    break;
                default:
                    if (c != s[si])
                    {
                        return false;
                    }
                    pi++;
                    break;
            }
            si++;
        }
        return si == s.Length;
    }

    // Parses "[...]" at start; end is the index after ']'.
    private static bool TryClass(string p, int start, out int end, out Func<char, bool> matches)
    {
        end = start;
        matches = static _ => false;
        var i = start + 1;
        var negated = i < p.Length && p[i] == '^';
        if (negated)
        {
            i++;
        }
        var ranges = new List<(char Lo, char Hi)>();
        var first = true;
        while (true)
        {
            if (i >= p.Length)
            {
                return false;
            }
            if (p[i] == ']' && !first)
            {
                i++;
                break;
            }
            if (!TryClassChar(p, ref i, out var lo))
            {
                return false;
            }
            var hi = lo;
            if (i < p.Length && p[i] == '-')
            {
                i++;
                if (!TryClassChar(p, ref i, out hi))
                {
                    return false;
                }
            }
            ranges.Add((lo, hi));
            first = false;
        }
        end = i;
        matches = ch =>
        {
            var inside = false;
            foreach (var (lo, hi) in ranges)
            {
                if (lo <= ch && ch <= hi)
                {
                    inside = true;
                }
            }
            return inside != negated && ch != '/';
        };
        return true;
    }

    private static bool TryClassChar(string p, ref int i, out char c)
    {
        c = '\0';
        if (i >= p.Length || p[i] is '-' or ']')
        {
            return false;
        }
        if (p[i] == '\\')
        {
            i++;
            if (i >= p.Length)
            {
                return false;
            }
        }
        c = p[i++];
        return true;
    }
}
