using System.Text;
using System.Text.RegularExpressions;

namespace Scraper.Protocol.Relabel;

/// <summary>
/// Go's <c>Regexp.Expand</c>: <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c>, <c>$$</c>. A reference
/// takes the longest run of letters, digits and '_' after the <c>$</c>, so <c>$1x</c> names the group
/// <c>1x</c>; a missing or non-participating group expands to nothing; a malformed <c>$</c> stays literal.
/// </summary>
internal static class RegexExpand
{
    public static void Expand(ref CharBuffer dst, string template, Regex regex, Match match)
    {
        var t = template.AsSpan();
        while (!t.IsEmpty)
        {
            var dollar = t.IndexOf('$');
            if (dollar < 0)
            {
                break;
            }
            dst.Append(t[..dollar]);
            t = t[(dollar + 1)..];
            if (!t.IsEmpty && t[0] == '$')
            {
                dst.Append('$');
                t = t[1..];
                continue;
            }
            if (!Extract(t, out var name, out var num, out var consumed))
            {
                dst.Append('$');
                continue;
            }
            t = t[consumed..];
            var group = num >= 0 ? num : GroupNumberOfName(regex, name);
            if (group >= 0)
            {
                var g = match.Groups[group];
                if (g.Success)
                {
                    dst.Append(g.ValueSpan);
                }
            }
        }
        dst.Append(t);
    }

    private static int GroupNumberOfName(Regex regex, ReadOnlySpan<char> name)
    {
        if (regex is Re2Regex re2)
        {
            return re2.GroupNumberOf(name);
        }
        // A regex built outside CompileAnchored: .NET's own names.
        return regex.GroupNumberFromName(name.ToString());
    }

    /// <summary>Go's regexp.extract: the name after a '$' (already removed), bare or in braces.</summary>
    private static bool Extract(ReadOnlySpan<char> s, out ReadOnlySpan<char> name, out int num, out int consumed)
    {
        name = default;
        num = -1;
        consumed = 0;
        if (s.IsEmpty)
        {
            return false;
        }
        var brace = s[0] == '{';
        var start = brace ? 1 : 0;
        var i = start;
        while (i < s.Length)
        {
            if (Rune.DecodeFromUtf16(s[i..], out var r, out var used) != System.Buffers.OperationStatus.Done
                || !(Rune.IsLetter(r) || Rune.IsDigit(r) || r.Value == '_'))
            {
                break;
            }
            i += used;
        }
        if (i == start)
        {
            return false;
        }
        name = s[start..i];
        if (brace)
        {
            if (i >= s.Length || s[i] != '}')
            {
                return false;
            }
            i++;
        }
        num = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || num >= 100_000_000)
            {
                num = -1;
                break;
            }
            num = (num * 10) + (c - '0');
        }
        // Go disallows leading zeros: "$01" names a group called "01".
        if (name.Length > 1 && name[0] == '0')
        {
            num = -1;
        }
        consumed = i;
        return true;
    }
}
