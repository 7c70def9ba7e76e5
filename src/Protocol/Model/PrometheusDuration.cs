using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Scraper.Protocol.Relabel;

namespace Scraper.Protocol.Model;

/// <summary>
/// Prometheus's duration syntax (<c>model.Duration</c> in prometheus/common): an optional run of
/// <c>&lt;digits&gt;&lt;unit&gt;</c> terms with units <c>y w d h m s ms</c>, each at most once and from the
/// biggest to the smallest, such as <c>1y2w3d4h5m6s7ms</c>, <c>90s</c> or <c>1h30m</c>; <c>0</c> is allowed
/// without a unit. A year is 365 days, a week 7 days. Values are limited to Go's <c>time.Duration</c> range
/// (about 292 years) so that what Prometheus rejects as out of range is rejected here too.
/// </summary>
/// <remarks>
/// Parsing and its error messages follow Prometheus 2.42, the reference this project is compared with: its
/// prometheus/common matches the whole text against
/// <c>^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$</c> and calls everything that does not match
/// <c>not a valid duration string: "5x"</c>; a number too big for Go's <c>Atoi</c> is <c>duration out of
/// range</c>. Later prometheus/common releases (the parser rewritten without the regular expression in March
/// 2023) accept the same texts with the same values but word two failures differently:
/// <c>unknown unit "x" in duration "5x"</c>, and <c>not a valid duration string</c> for a number too big.
/// </remarks>
public static class PrometheusDuration
{
    private const long MillisPerSecond = 1000;
    private const long MillisPerMinute = 60 * MillisPerSecond;
    private const long MillisPerHour = 60 * MillisPerMinute;
    private const long MillisPerDay = 24 * MillisPerHour;
    private const long MillisPerWeek = 7 * MillisPerDay;
    private const long MillisPerYear = 365 * MillisPerDay;
    private const long NanosPerMillisecond = 1_000_000;

    // The units in the only order they may appear in, as the regular expression above lists them.
    private static readonly (string Unit, long Millis)[] Units =
    [
        ("y", MillisPerYear), ("w", MillisPerWeek), ("d", MillisPerDay), ("h", MillisPerHour), ("m", MillisPerMinute),
        ("s", MillisPerSecond), ("ms", 1),
    ];

    /// <summary>The largest duration Prometheus accepts (Go's <c>time.Duration</c> maximum, truncated to 100 ns ticks).</summary>
    public static TimeSpan MaxValue { get; } = TimeSpan.FromTicks(long.MaxValue / 100);

    /// <summary>Parses a Prometheus duration.</summary>
    /// <exception cref="FormatException">The text is not a Prometheus duration; the message says why, in Prometheus's words.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var value, out var error))
        {
            throw new FormatException(error);
        }
        return value;
    }

    /// <summary>Parses a Prometheus duration; false when the text is not one.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>
    /// Parses a Prometheus duration; on failure <paramref name="error"/> carries Prometheus 2.42's reason
    /// (<c>empty duration string</c>, <c>not a valid duration string: "5x"</c> with the text quoted as Go's
    /// <c>%q</c> does, <c>duration out of range</c>).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        if (text.IsEmpty)
        {
            error = "empty duration string";
            return false;
        }
        if (text is "0")
        {
            error = null;
            return true;
        }

        // Go sums in an int64 and reports overflow once any term or the sum leaves its range; Int128 holds the
        // largest possible sum (seven terms of at most long.MaxValue each) without wrapping.
        Int128 totalNanos = 0;
        var outOfRange = false;
        var nextUnit = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == start || i == text.Length)
            {
                error = NotValid(text);
                return false;
            }
            // "ms" is the one two-letter unit; a lone 'm' followed by anything else is minutes.
            var unitLength = i + 1 < text.Length && text[i] == 'm' && text[i + 1] == 's' ? 2 : 1;
            var unit = text.Slice(i, unitLength);
            var u = nextUnit;
            while (u < Units.Length && !unit.SequenceEqual(Units[u].Unit))
            {
                u++;
            }
            // An unknown unit, or a known one out of order or repeated ("1m1d", "1h1h"): the expression does not match.
            if (u == Units.Length)
            {
                error = NotValid(text);
                return false;
            }
            nextUnit = u + 1;
            var digits = text[start..i];
            i += unitLength;
            // Go's strconv.Atoi saturates at MaxInt64 on overflow, which then fails the range check below.
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                n = long.MaxValue;
            }
            if (n > long.MaxValue / Units[u].Millis / NanosPerMillisecond)
            {
                outOfRange = true;
            }
            totalNanos += (Int128)n * Units[u].Millis * NanosPerMillisecond;
        }
        if (outOfRange || totalNanos > long.MaxValue)
        {
            error = "duration out of range";
            return false;
        }
        value = TimeSpan.FromTicks((long)(totalNanos / 100));
        error = null;
        return true;
    }

    /// <summary>
    /// Formats a duration the way Prometheus prints it: <c>0s</c> for zero, otherwise the non-zero terms from
    /// days down to milliseconds (<c>1m30s</c>, <c>15s</c>, <c>2h</c>), with years and weeks used only when they
    /// divide the whole duration exactly (<c>90d</c>, not <c>12w6d</c>). Sub-millisecond parts are dropped and
    /// negative durations carry a leading minus sign.
    /// </summary>
    public static string Format(TimeSpan value)
    {
        var ms = value.Ticks / TimeSpan.TicksPerMillisecond;
        if (ms == 0)
        {
            return "0s";
        }
        var sb = new StringBuilder(16);
        if (ms < 0)
        {
            sb.Append('-');
            ms = ms == long.MinValue ? long.MaxValue : -ms;
        }
        foreach (var (unit, millis) in Units)
        {
            // Years and weeks only when they divide the rest exactly: 90d reads better than 12w6d.
            Term(sb, ref ms, unit, millis, exact: unit is "y" or "w");
        }
        return sb.ToString();
    }

    private static void Term(StringBuilder sb, ref long ms, string unit, long millisPerUnit, bool exact)
    {
        if (exact && ms % millisPerUnit != 0)
        {
            return;
        }
        var n = ms / millisPerUnit;
        if (n > 0)
        {
            sb.Append(n.ToString(CultureInfo.InvariantCulture)).Append(unit);
            ms -= n * millisPerUnit;
        }
    }

    private static string NotValid(ReadOnlySpan<char> text) => "not a valid duration string: " + GoQuote.Quote(text.ToString());
}
