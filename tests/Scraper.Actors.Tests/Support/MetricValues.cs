using System.Globalization;
using Prometheus;

namespace Scraper.Actors.Tests.Support;

/// <summary>Reads metric values from a test's own prometheus-net registry, by their exposition text.</summary>
public static class MetricValues
{
    public static async Task<string> TextAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of the series written exactly as <paramref name="series"/> (<c>name</c> or <c>name{a="b"}</c>), or null.</summary>
    public static async Task<double?> ValueAsync(CollectorRegistry registry, string series)
    {
        foreach (var line in (await TextAsync(registry)).Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
