using System.Buffers;
using System.Text;

namespace Scraper.Protocol.Exposition;

/// <summary>Character classes, escapes and error-message rendering shared by both exposition formats.</summary>
internal static class ExpositionSyntax
{
    /// <summary>Longest token quoted in an error message; the rest is cut with an ellipsis.</summary>
    private const int MaxQuotedToken = 40;

    /// <summary><c>[a-zA-Z0-9_:]</c>: what follows the first character of a metric name.</summary>
    public static readonly SearchValues<byte> MetricNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    /// <summary><c>[a-zA-Z0-9_]</c>: what follows the first character of a label name.</summary>
    public static readonly SearchValues<byte> LabelNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);

    /// <summary>Stops inside a quoted string where a raw newline is allowed (Prometheus text).</summary>
    public static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create("\"\\"u8);

    /// <summary>Stops inside a quoted string where a raw newline is an error (OpenMetrics).</summary>
    public static readonly SearchValues<byte> QuoteBackslashOrNewline = SearchValues.Create("\"\\\n"u8);

    /// <summary>Ends a Prometheus-text value token: <c>[^{ \t\n]+</c>.</summary>
    public static readonly SearchValues<byte> TextValueEnd = SearchValues.Create(" \t\n{"u8);

    /// <summary>Ends an OpenMetrics value or timestamp token: <c>[^ \n]+</c>.</summary>
    public static readonly SearchValues<byte> OpenMetricsTokenEnd = SearchValues.Create(" \n"u8);

    /// <summary>Ends the token quoted in an error message.</summary>
    private static readonly SearchValues<byte> TokenEnd = SearchValues.Create(" \t\n,={}\""u8);

    public static bool IsMetricNameStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c is (byte)'_' or (byte)':';

    public static bool IsLabelNameStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == (byte)'_';

    public static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    public static int SkipBlanks(ReadOnlySpan<byte> b, int pos)
    {
        while (pos < b.Length && b[pos] is (byte)' ' or (byte)'\t')
        {
            pos++;
        }
        return pos;
    }

    /// <summary>Index just past a name that starts at <paramref name="pos"/> (whose first character is already checked).</summary>
    public static int ScanName(ReadOnlySpan<byte> b, int pos, SearchValues<byte> chars)
    {
        var rel = b[(pos + 1)..].IndexOfAnyExcept(chars);
        return rel < 0 ? b.Length : pos + 1 + rel;
    }

    /// <summary>
    /// Index just past the closing quote of the string opening at <paramref name="pos"/>, or -1 when it is not
    /// closed on the allowed characters. A backslash escapes any character but a newline; a raw newline is allowed
    /// only where <paramref name="allowNewline"/> (Prometheus text, as its lexer allows).
    /// </summary>
    public static int ScanQuoted(ReadOnlySpan<byte> b, int pos, bool allowNewline)
    {
        var stops = allowNewline ? QuoteOrBackslash : QuoteBackslashOrNewline;
        var i = pos + 1;
        while (true)
        {
            var rel = b[i..].IndexOfAny(stops);
            if (rel < 0)
            {
                return -1;
            }
            i += rel;
            switch (b[i])
            {
                case (byte)'"':
                    return i + 1;
                case (byte)'\n':
                    return -1;
                default:
                    if (i + 1 >= b.Length || b[i + 1] == (byte)'\n')
                    {
                        return -1;
                    }
                    i += 2;
                    break;
            }
        }
    }

    /// <summary>
    /// Decodes an escaped UTF-8 string: <c>\\</c>, <c>\n</c> and, when <paramref name="unescapeQuote"/>, <c>\"</c>.
    /// Any other backslash sequence is kept as written, as Prometheus's replacer does.
    /// </summary>
    public static string Unescape(ReadOnlySpan<byte> s, bool unescapeQuote)
    {
        var firstEscape = s.IndexOf((byte)'\\');
        if (firstEscape < 0)
        {
            return Encoding.UTF8.GetString(s);
        }
        byte[]? rented = null;
        var buffer = s.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(s.Length));
        try
        {
            s[..firstEscape].CopyTo(buffer);
            var n = firstEscape;
            for (var i = firstEscape; i < s.Length; i++)
            {
                var c = s[i];
                if (c == (byte)'\\' && i + 1 < s.Length)
                {
                    var next = s[i + 1];
                    if (next == (byte)'\\' || next == (byte)'n' || (unescapeQuote && next == (byte)'"'))
                    {
                        buffer[n++] = next == (byte)'n' ? (byte)'\n' : next;
                        i++;
                        continue;
                    }
                }
                buffer[n++] = c;
            }
            return Encoding.UTF8.GetString(buffer[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Describes what was found at <paramref name="pos"/> for an error message: <c>end of input</c>,
    /// <c>end of line</c>, or the token there in quotes, e.g. <c>"}"</c>.
    /// </summary>
    public static string Describe(ReadOnlySpan<byte> b, int pos)
    {
        if (pos >= b.Length)
        {
            return "end of input";
        }
        if (b[pos] == (byte)'\n')
        {
            return "end of line";
        }
        var rel = b[(pos + 1)..].IndexOfAny(TokenEnd);
        var end = rel < 0 ? b.Length : pos + 1 + rel;
        return Quote(b[pos..end]);
    }

    /// <summary>Go-<c>%q</c>-like quoting of raw bytes: printable UTF-8 as is, the rest escaped; long input is cut.</summary>
    public static string Quote(ReadOnlySpan<byte> token)
    {
        var cut = token.Length > MaxQuotedToken;
        if (cut)
        {
            token = token[..MaxQuotedToken];
        }
        var sb = new StringBuilder(token.Length + 8);
        sb.Append('"');
        var i = 0;
        while (i < token.Length)
        {
            var status = Rune.DecodeFromUtf8(token[i..], out var rune, out var consumed);
            if (status != OperationStatus.Done)
            {
                sb.Append("\\x").Append(token[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                i++;
                continue;
            }
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (Rune.IsControl(rune))
                    {
                        sb.Append("\\x").Append(rune.Value.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }
                    break;
            }
            i += consumed;
        }
        if (cut)
        {
            sb.Append("...");
        }
        sb.Append('"');
        return sb.ToString();
    }
}
