using System.Globalization;
using System.Text;

namespace Scraper.Protocol.Relabel;

/// <summary>
/// Go's <c>strconv.Quote</c> (the <c>%q</c> verb), so error messages read exactly as Prometheus prints
/// them: printable runes stay as they are, the rest become <c>\n</c>, <c>\x07</c>, <c>\u00a0</c> and so on.
/// </summary>
internal static class GoQuote
{
    /// <summary>Quotes <paramref name="s"/> as Go's <c>%q</c> does.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        var rest = s.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var r, out var used) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate is what invalid UTF-8 becomes here; Go prints the replacement char escaped.
                sb.Append("\\ufffd");
                rest = rest[used..];
                continue;
            }
            rest = rest[used..];
            AppendRune(sb, r);
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>
    /// Quotes the UTF-8 bytes <paramref name="utf8"/> as Go's <c>%q</c> quotes a string holding them: a byte that
    /// starts no valid UTF-8 sequence becomes <c>\x..</c>.
    /// </summary>
    public static string Quote(ReadOnlySpan<byte> utf8)
    {
        var sb = new StringBuilder(utf8.Length + 2);
        sb.Append('"');
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var r, out var used) != System.Buffers.OperationStatus.Done)
            {
                sb.Append("\\x").Append(utf8[0].ToString("x2", CultureInfo.InvariantCulture));
                utf8 = utf8[1..];
                continue;
            }
            utf8 = utf8[used..];
            AppendRune(sb, r);
        }
        sb.Append('"');
        return sb.ToString();
    }

    private static void AppendRune(StringBuilder sb, Rune r)
    {
        switch (r.Value)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
            case '\\': sb.Append("\\\\"); return;
            case '"': sb.Append("\\\""); return;
        }
        if (IsPrint(r))
        {
            sb.Append(r.ToString());
        }
        else if (r.Value < 0x80)
        {
            sb.Append("\\x").Append(r.Value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (r.Value < 0x10000)
        {
            sb.Append("\\u").Append(r.Value.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(r.Value.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(Rune r)
    {
        if (r.Value == ' ')
        {
            return true;
        }
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
