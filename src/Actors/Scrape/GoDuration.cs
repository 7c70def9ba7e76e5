using System.Globalization;
using System.Text;

namespace Scraper.Actors.Scrape;

/// <summary>
/// Go's <c>time.Duration.String()</c>, which Prometheus uses for label values of its self-metrics such as
/// <c>prometheus_target_interval_length_seconds{interval="15s"}</c> (<c>1m0s</c>, <c>1h30m0s</c>, <c>1.5s</c>,
/// <c>500ms</c>), so dashboards that select on them keep working.
/// </summary>
public static class GoDuration
{
    /// <summary>Formats <paramref name="value"/> exactly as Go prints a <c>time.Duration</c> (100 ns resolution).</summary>
    public static string Format(TimeSpan value)
    {
        var ns = value.Ticks * 100;
        if (ns == 0)
        {
            return "0s";
        }
        var sb = new StringBuilder(16);
        if (ns < 0)
        {
            sb.Append('-');
            ns = -ns;
        }
        if (ns < 1_000_000_000)
        {
            // Below a second Go picks the largest unit that keeps the integer part non-zero.
            var (unit, scale) = ns switch
            {
                < 1_000 => ("ns", 1L),
                < 1_000_000 => ("µs", 1_000L),
                _ => ("ms", 1_000_000L),
            };
            AppendFraction(sb, ns, scale);
            return sb.Append(unit).ToString();
        }
        var hours = ns / 3_600_000_000_000;
        ns -= hours * 3_600_000_000_000;
        var minutes = ns / 60_000_000_000;
        ns -= minutes * 60_000_000_000;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }
        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }
        AppendFraction(sb, ns, 1_000_000_000);
        return sb.Append('s').ToString();
    }

    /// <summary>Writes <paramref name="ns"/>/<paramref name="scale"/> with trailing fractional zeros removed.</summary>
    private static void AppendFraction(StringBuilder sb, long ns, long scale)
    {
        sb.Append((ns / scale).ToString(CultureInfo.InvariantCulture));
        var fraction = ns % scale;
        if (fraction == 0)
        {
            return;
        }
        var digits = scale.ToString(CultureInfo.InvariantCulture).Length - 1;
        var text = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        sb.Append('.').Append(text);
    }
}
