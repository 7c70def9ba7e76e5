namespace Scraper.Actors.Discovery;

/// <summary>Go's <c>path/filepath.Match</c> for one path element: <c>*</c>, <c>?</c>, <c>[...]</c> classes, <c>\</c> escapes.</summary>
internal static class GoGlob
{
    /// <summary>True when <paramref name="name"/> matches <paramref name="pattern"/>; a malformed pattern matches nothing.</summary>
    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        while (!pattern.IsEmpty)
        {
            var c = pattern[0];
            if (c == '*')
            {
                pattern = pattern[1..];
                if (pattern.IsEmpty)
                {
                    return !name.Contains('/');
                }
                for (var i = 0; i <= name.Length && (i == 0 || name[i - 1] != '/'); i++)
                {
                    if (Match(pattern, name[i..]))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (name.IsEmpty || (name[0] == '/' && c != '/'))
            {
                return false;
            }
            if (c == '?')
            {
                pattern = pattern[1..];
            }
            else if (c == '[')
            {
                var close = pattern[1..].IndexOf(']');
                if (close <= 0 || !MatchClass(pattern.Slice(1, close), name[0]))
                {
                    return false;
                }
                pattern = pattern[(close + 2)..];
            }
            else
            {
                if (c == '\\' && pattern.Length > 1)
                {
                    pattern = pattern[1..];
                    c = pattern[0];
                }
                if (name[0] != c)
                {
                    return false;
                }
                pattern = pattern[1..];
            }
            name = name[1..];
        }
        return name.IsEmpty;
    }

    private static bool MatchClass(ReadOnlySpan<char> cls, char ch)
    {
        var negate = cls.Length > 0 && cls[0] == '^';
        if (negate)
        {
            cls = cls[1..];
        }
        var matched = false;
        for (var i = 0; i < cls.Length; i++)
        {
            var lo = cls[i];
            var hi = lo;
            if (i + 2 < cls.Length && cls[i + 1] == '-')
            {
                hi = cls[i + 2];
                i += 2;
            }
            if (ch >= lo && ch <= hi)
            {
                matched = true;
            }
        }
        return matched != negate;
    }
}
