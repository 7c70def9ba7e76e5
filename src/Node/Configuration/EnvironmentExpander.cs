using System.Text;

namespace Scraper.Node.Configuration;

/// <summary>
/// Go's <c>os.Expand</c>, which Prometheus applies to <c>external_labels</c> values: <c>$VAR</c> and <c>${VAR}</c>
/// are replaced, <c>$$</c> is a literal dollar, a <c>$</c> not followed by a name stays, and malformed
/// <c>${</c> / <c>${}</c> are dropped.
/// </summary>
internal static class EnvironmentExpander
{
    /// <summary>Expands <paramref name="text"/>; <paramref name="onEmpty"/> is told about names that expanded to nothing.</summary>
    public static string Expand(string text, Func<string, string?> lookup, Action<string>? onEmpty = null)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length * 2);
        var start = 0;
        for (var j = 0; j < text.Length; j++)
        {
            if (text[j] != '$' || j + 1 >= text.Length)
            {
                continue;
            }
            sb.Append(text, start, j - start);
            var (name, width) = ShellName(text.AsSpan(j + 1));
            if (name.Length == 0 && width > 0)
            {
                // Invalid syntax: the characters are eaten.
            }
            else if (name.Length == 0)
            {
                sb.Append('$');
            }
            else if (name == "$")
            {
                sb.Append('$');
            }
            else
            {
                var value = lookup(name);
                if (string.IsNullOrEmpty(value))
                {
                    onEmpty?.Invoke(name);
                }
                sb.Append(value);
            }
            j += width;
            start = j + 1;
        }
        sb.Append(text, start, text.Length - start);
        return sb.ToString();
    }

    private static (string Name, int Width) ShellName(ReadOnlySpan<char> s)
    {
        if (s[0] == '{')
        {
            if (s.Length > 2 && IsSpecial(s[1]) && s[2] == '}')
            {
                return (s[1].ToString(), 3);
            }
            for (var i = 1; i < s.Length; i++)
            {
                if (s[i] == '}')
                {
                    return i == 1 ? (string.Empty, 2) : (s[1..i].ToString(), i + 1);
                }
            }
            return (string.Empty, 1);
        }
        if (IsSpecial(s[0]))
        {
            return (s[0].ToString(), 1);
        }
        var n = 0;
        while (n < s.Length && (s[n] == '_' || char.IsAsciiLetterOrDigit(s[n])))
        {
            n++;
        }
        return (s[..n].ToString(), n);
    }

    private static bool IsSpecial(char c) => c is '*' or '#' or '$' or '@' or '!' or '?' or '-' or (>= '0' and <= '9');
}
