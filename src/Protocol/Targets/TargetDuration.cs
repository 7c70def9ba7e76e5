using System.Globalization;
using System.Text;
using Scraper.Protocol.Relabel;

namespace Scraper.Protocol.Targets;

/// <summary>
/// Prometheus's duration text (prometheus/common model.Duration) as the target builder needs it for the
/// <c>__scrape_interval__</c> and <c>__scrape_timeout__</c> labels: <c>1y2w3d4h5m6s7ms</c>, units in that
/// order, each at most once, or a bare <c>0</c>. Internal on purpose: the public duration type of the
/// model lives in Scraper.Protocol.Model.
/// </summary>
internal static class TargetDuration
{
    private const long MsPerSecond = 1000;
    private const long MsPerMinute = 60 * MsPerSecond;
    private const long MsPerHour = 60 * MsPerMinute;
    private const long MsPerDay = 24 * MsPerHour;
    private const long MsPerWeek = 7 * MsPerDay;
    private const long MsPerYear = 365 * MsPerDay;
    private const long NsPerMs = 1_000_000;

    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", MsPerYear), ("w", MsPerWeek), ("d", MsPerDay), ("h", MsPerHour), ("m", MsPerMinute), ("s", MsPerSecond), ("ms", 1),
    ];

    /// <summary>
    /// Parses like model.ParseDuration. On failure <paramref name="error"/> holds Prometheus's message
    /// (<c>empty duration string</c>, <c>not a valid duration string: "5x"</c>, <c>duration out of range</c>).
    /// </summary>
    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (text == "0")
        {
            return true;
        }
        if (text.Length == 0)
        {
            error = "empty duration string";
            return false;
        }
        Int128 totalNs = 0;
        var overflow = false;
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
                error = "not a valid duration string: " + GoQuote.Quote(text);
                return false;
            }
            var unitLength = i + 1 < text.Length && text[i] == 'm' && text[i + 1] == 's' ? 2 : 1;
            var unit = text.AsSpan(i, unitLength);
            var u = nextUnit;
            while (u < Units.Length && !unit.SequenceEqual(Units[u].Unit))
            {
                u++;
            }
            if (u == Units.Length)
            {
                error = "not a valid duration string: " + GoQuote.Quote(text);
                return false;
            }
            nextUnit = u + 1;
            i += unitLength;
            // Go's Atoi saturates at MaxInt64 on overflow, which then fails the range check below.
            if (!long.TryParse(text.AsSpan(start, i - unitLength - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                n = long.MaxValue;
            }
            if (n > long.MaxValue / Units[u].Ms / NsPerMs)
            {
                overflow = true;
            }
            totalNs += (Int128)n * Units[u].Ms * NsPerMs;
        }
        if (overflow || totalNs > long.MaxValue)
        {
            error = "duration out of range";
            return false;
        }
        value = TimeSpan.FromTicks((long)(totalNs / 100));
        return true;
    }

    /// <summary>Formats like model.Duration.String: millisecond resolution, years and weeks only when exact.</summary>
    public static string Format(TimeSpan value)
    {
        var ms = value.Ticks / TimeSpan.TicksPerMillisecond;
        if (ms == 0)
        {
            return "0s";
        }
        var sb = new StringBuilder();
        foreach (var (unit, mult) in Units)
        {
            var exact = unit is "y" or "w";
            if (exact && ms % mult != 0)
            {
                continue;
            }
            var v = ms / mult;
            if (v > 0)
            {
                sb.Append(v.ToString(CultureInfo.InvariantCulture)).Append(unit);
                ms -= v * mult;
            }
        }
        return sb.ToString();
    }
}
