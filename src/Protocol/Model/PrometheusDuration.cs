using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Scraper.Protocol.Model;

/// <summary>
/// Prometheus's duration syntax (<c>model.Duration</c> in prometheus/common): an optional run of
/// <c>&lt;digits&gt;&lt;unit&gt;</c> terms with units <c>y w d h m s ms</c>, each at most once and from the
/// biggest to the smallest, such as <c>1y2w3d4h5m6s7ms</c>, <c>90s</c> or <c>1h30m</c>; <c>0</c> is allowed
/// without a unit. A year is 365 days, a week 7 days. Values are limited to Go's <c>time.Duration</c> range
/// (about 292 years) so that what Prometheus rejects as out of range is rejected here too.
/// </summary>
public static class PrometheusDuration
{
    // Go's time.Duration is an int64 count of nanoseconds: the largest duration Prometheus can hold.
    private const ulong MaxNanoseconds = long.MaxValue;
    private const ulong NanosPerMillisecond = 1_000_000;
    private const long MillisPerSecond = 1000;
    private const long MillisPerMinute = 60 * MillisPerSecond;
    private const long MillisPerHour = 60 * MillisPerMinute;
    private const long MillisPerDay = 24 * MillisPerHour;
    private const long MillisPerWeek = 7 * MillisPerDay;
    private const long MillisPerYear = 365 * MillisPerDay;

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
    /// Parses a Prometheus duration; on failure <paramref name="error"/> carries Prometheus's reason
    /// (<c>empty duration string</c>, <c>not a valid duration string: "x"</c>, <c>unknown unit "u" in duration "x"</c>,
    /// <c>duration out of range</c>).
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

        ulong total = 0;
        var lastUnit = 0;
        var rest = text;
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }
            if (digits == 0 || !ulong.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                error = NotValid(text);
                return false;
            }
            rest = rest[digits..];

            var unitLength = 0;
            while (unitLength < rest.Length && !char.IsAsciiDigit(rest[unitLength]))
            {
                unitLength++;
            }
            if (unitLength == 0)
            {
                error = NotValid(text);
                return false;
            }
            var unit = rest[..unitLength];
            rest = rest[unitLength..];
            if (!TryUnit(unit, out var position, out var nanosPerUnit))
            {
                error = $"unknown unit \"{unit}\" in duration \"{text}\"";
                return false;
            }
            // Units must go from the biggest to the smallest, each at most once: "1m1d" is not one minute and a day.
            if (position <= lastUnit)
            {
                error = NotValid(text);
                return false;
            }
            lastUnit = position;
            if (n > (1UL << 63) / nanosPerUnit)
            {
                error = "duration out of range";
                return false;
            }
            total += n * nanosPerUnit;
            if (total > MaxNanoseconds)
            {
                error = "duration out of range";
                return false;
            }
        }
        value = TimeSpan.FromTicks((long)(total / 100));
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
        Term(sb, ref ms, "y", MillisPerYear, exact: true);
        Term(sb, ref ms, "w", MillisPerWeek, exact: true);
        Term(sb, ref ms, "d", MillisPerDay, exact: false);
        Term(sb, ref ms, "h", MillisPerHour, exact: false);
        Term(sb, ref ms, "m", MillisPerMinute, exact: false);
        Term(sb, ref ms, "s", MillisPerSecond, exact: false);
        Term(sb, ref ms, "ms", 1, exact: false);
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

    private static bool TryUnit(ReadOnlySpan<char> unit, out int position, out ulong nanosPerUnit)
    {
        (position, var millis) = unit switch
        {
            "y" => (1, MillisPerYear),
            "w" => (2, MillisPerWeek),
            "d" => (3, MillisPerDay),
            "h" => (4, MillisPerHour),
            "m" => (5, MillisPerMinute),
            "s" => (6, MillisPerSecond),
            "ms" => (7, 1L),
            _ => (0, 0L),
        };
        nanosPerUnit = (ulong)millis * NanosPerMillisecond;
        return position != 0;
    }

    private static string NotValid(ReadOnlySpan<char> text) => $"not a valid duration string: \"{text}\"";
}
