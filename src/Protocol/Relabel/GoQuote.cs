using System.Globalization;
using System.Text;

namespace Scraper.Protocol.Relabel;

/// <summary>
/// Go's <c>strconv.Quote</c> (the <c>%q</c> verb), so error messages read exactly as Prometheus prints
/// them: printable runes stay as they are, the rest become <c>\n</c>, <c>\x07</c>, <c>\u00a0</c> and so on.
/// </summary>
internal static class GoQuote
{
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
            switch (r.Value)
            {
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '"': sb.Append("\\\""); continue;
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
        sb.Append('"');
        return sb.ToString();
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
