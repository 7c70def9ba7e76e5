using System.Buffers;
using System.Text;

namespace Scraper.Protocol.Relabel;

/// <summary>
/// Go's <c>strings.ToLower</c> / <c>strings.ToUpper</c> as Prometheus 2.42 (built with Go 1.19, Unicode 13)
/// applies them: one simple case mapping per rune, no culture. .NET's invariant simple mapping agrees for
/// every other code point (checked against the real Prometheus over all 2,875 code points that have a case
/// mapping), except for the few pairs listed here.
/// </summary>
internal static class GoCase
{
    // Case pairs added in Unicode 14 to 16, which .NET maps and Go 1.19 leaves alone: inclusive ranges.
    private static ReadOnlySpan<int> NoLower =>
    [
        0x1C89, 0x1C89, 0x2C2F, 0x2C2F, 0xA7C0, 0xA7C0, 0xA7CB, 0xA7CC, 0xA7D0, 0xA7D0, 0xA7D6, 0xA7D6,
        0xA7D8, 0xA7D8, 0xA7DA, 0xA7DA, 0xA7DC, 0xA7DC, 0x10570, 0x1057A, 0x1057C, 0x1058A, 0x1058C, 0x10592,
        0x10594, 0x10595, 0x10D50, 0x10D65,
    ];

    private static ReadOnlySpan<int> NoUpper =>
    [
        0x019B, 0x019B, 0x0264, 0x0264, 0x1C8A, 0x1C8A, 0x2C5F, 0x2C5F, 0xA7C1, 0xA7C1, 0xA7CD, 0xA7CD,
        0xA7D1, 0xA7D1, 0xA7D7, 0xA7D7, 0xA7D9, 0xA7D9, 0xA7DB, 0xA7DB, 0x10597, 0x105A1, 0x105A3, 0x105B1,
        0x105B3, 0x105B9, 0x105BB, 0x105BC, 0x10D70, 0x10D85,
    ];

    public static void ToLower(ReadOnlySpan<char> s, ref CharBuffer dst) => Map(s, ref dst, upper: false);

    public static void ToUpper(ReadOnlySpan<char> s, ref CharBuffer dst) => Map(s, ref dst, upper: true);

    private static void Map(ReadOnlySpan<char> s, ref CharBuffer dst, bool upper)
    {
        Span<char> two = stackalloc char[2];
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c < 0x80)
            {
                dst.Append(upper ? (c is >= 'a' and <= 'z' ? (char)(c - 32) : c) : (c is >= 'A' and <= 'Z' ? (char)(c + 32) : c));
                i++;
                continue;
            }
            if (Rune.DecodeFromUtf16(s[i..], out var r, out var used) != OperationStatus.Done)
            {
                // A lone surrogate has no case; keep it as it is.
                dst.Append(c);
                i++;
                continue;
            }
            var mapped = upper ? Upper(r) : Lower(r);
            var n = mapped.EncodeToUtf16(two);
            dst.Append(two[..n]);
            i += used;
        }
    }

    private static Rune Lower(Rune r)
    {
        // Go follows UnicodeData's simple mapping İ -> i; .NET's invariant casing leaves İ alone.
        if (r.Value == 0x0130)
        {
            return new Rune('i');
        }
        return InRanges(NoLower, r.Value) ? r : Rune.ToLowerInvariant(r);
    }

    private static Rune Upper(Rune r)
    {
        // Go maps dotless ı and long s to I and S; .NET's invariant casing does not.
        if (r.Value is 0x0131)
        {
            return new Rune('I');
        }
        if (r.Value is 0x017F)
        {
            return new Rune('S');
        }
        return InRanges(NoUpper, r.Value) ? r : Rune.ToUpperInvariant(r);
    }

    private static bool InRanges(ReadOnlySpan<int> ranges, int cp)
    {
        for (var k = 0; k < ranges.Length; k += 2)
        {
            if (cp < ranges[k])
            {
                return false;
            }
            if (cp <= ranges[k + 1])
            {
                return true;
            }
        }
        return false;
    }
}
