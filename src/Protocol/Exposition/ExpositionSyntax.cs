using System.Buffers;
using System.Text;
using Scraper.Protocol.Relabel;

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

    private const byte LabelNameClass = 2;
    private const byte QuotedStopClass = 4;
    private const byte QuotedStopWithNewlineClass = 8;

    /// <summary>Names and label values are short; below this length a table-driven scalar loop beats vector search.</summary>
    private const int ScalarScanLength = 16;

    /// <summary>
    /// Per byte: 1 continues a metric name <c>[a-zA-Z0-9_:]</c>, 2 continues a label name <c>[a-zA-Z0-9_]</c>,
    /// 4 ends a quoted string (<c>"</c> or <c>\</c>), 8 ends one where raw newlines are not allowed (also <c>\n</c>).
    /// A constant 256-entry span, so indexing it with a byte needs no bounds check.
    /// </summary>
    private static ReadOnlySpan<byte> Classes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 0, 0, 0, 0, 0,
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 12, 0, 0, 3,
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    public static bool IsMetricNameStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c is (byte)'_' or (byte)':';

    public static bool IsLabelNameStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == (byte)'_';

    /// <summary>Index just past a metric name starting at <paramref name="pos"/> (first character already checked).</summary>
    /// <remarks>Metric names are mostly longer than a vector, so this goes straight to the vectorized search.</remarks>
    public static int ScanMetricName(ReadOnlySpan<byte> b, int pos)
    {
        var rel = b[(pos + 1)..].IndexOfAnyExcept(MetricNameChars);
        return rel < 0 ? b.Length : pos + 1 + rel;
    }

    /// <summary>Index just past a label name starting at <paramref name="pos"/> (first character already checked).</summary>
    public static int ScanLabelName(ReadOnlySpan<byte> b, int pos) => ScanClass(b, pos + 1, LabelNameClass, LabelNameChars);

    private static int ScanClass(ReadOnlySpan<byte> b, int pos, byte cls, SearchValues<byte> chars)
    {
        var scalarEnd = Math.Min(b.Length, pos + ScalarScanLength);
        for (; pos < scalarEnd; pos++)
        {
            if ((Classes[b[pos]] & cls) == 0)
            {
                return pos;
            }
        }
        if (pos == b.Length)
        {
            return pos;
        }
        var rel = b[pos..].IndexOfAnyExcept(chars);
        return rel < 0 ? b.Length : pos + rel;
    }

    /// <summary>
    /// First index at or after <paramref name="pos"/> of a byte in <paramref name="cls"/>, or -1. ORs the bytes it
    /// passes into <paramref name="seen"/>, or sets all its bits when it hands over to the vector search.
    /// </summary>
    private static int FindClass(ReadOnlySpan<byte> b, int pos, byte cls, SearchValues<byte> stops, ref int seen)
    {
        var scalarEnd = Math.Min(b.Length, pos + ScalarScanLength);
        var acc = 0;
        for (; pos < scalarEnd; pos++)
        {
            var c = b[pos];
            if ((Classes[c] & cls) != 0)
            {
                seen |= acc;
                return pos;
            }
            acc |= c;
        }
        seen = -1;
        if (pos == b.Length)
        {
            return -1;
        }
        var rel = b[pos..].IndexOfAny(stops);
        return rel < 0 ? -1 : pos + rel;
    }

    public static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    public static int SkipBlanks(ReadOnlySpan<byte> b, int pos)
    {
        while (pos < b.Length && b[pos] is (byte)' ' or (byte)'\t')
        {
            pos++;
        }
        return pos;
    }

    /// <summary>
    /// Index just past the closing quote of the string opening at <paramref name="pos"/>, or -1 when it is not
    /// closed on the allowed characters. A backslash escapes any character but a newline; a raw newline is allowed
    /// only where <paramref name="allowNewline"/> (Prometheus text, as its lexer allows).
    /// </summary>
    public static int ScanQuoted(ReadOnlySpan<byte> b, int pos, bool allowNewline)
    {
        var seen = 0;
        return ScanQuoted(b, pos, allowNewline, ref seen);
    }

    /// <summary>
    /// <see cref="ScanQuoted(ReadOnlySpan{byte}, int, bool)"/>, also ORing what it passed into <paramref name="seen"/>
    /// (bit 7 set means the string may hold non-ASCII bytes and needs a UTF-8 check).
    /// </summary>
    public static int ScanQuoted(ReadOnlySpan<byte> b, int pos, bool allowNewline, ref int seen)
    {
        var stops = allowNewline ? QuoteOrBackslash : QuoteBackslashOrNewline;
        var cls = allowNewline ? QuotedStopClass : QuotedStopWithNewlineClass;
        var i = pos + 1;
        while (true)
        {
            i = FindClass(b, i, cls, stops, ref seen);
            if (i < 0)
            {
                return -1;
            }
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

    /// <summary>
    /// A token for an error message, quoted as Go's <c>%q</c> quotes it (<see cref="GoQuote"/>); a long token is cut
    /// and marked with <c>...</c> inside the quotes.
    /// </summary>
    public static string Quote(ReadOnlySpan<byte> token)
    {
        if (token.Length <= MaxQuotedToken)
        {
            return GoQuote.Quote(token);
        }
        var quoted = GoQuote.Quote(token[..MaxQuotedToken]);
        return string.Concat(quoted.AsSpan(0, quoted.Length - 1), "...\"");
    }
}
