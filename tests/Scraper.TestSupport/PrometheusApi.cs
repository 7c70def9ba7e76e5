using System.Globalization;
using System.Text.Json;

namespace Scraper.TestSupport;

/// <summary>One series of a query answer: its labels and its (timestamp ms, value) points.</summary>
public sealed record QueriedSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(long TimestampMs, string Value)> Points);

/// <summary>Reads Prometheus's query API (<c>/api/v1/query</c>), which Prometheus and VictoriaMetrics both answer.</summary>
public static class PrometheusApi
{
    /// <summary>
    /// Runs an instant query. A range selector (<c>up[10m]</c>) returns every raw sample in the range with its
    /// exact timestamp, which is what tests use to check that samples arrived.
    /// </summary>
    public static async Task<IReadOnlyList<QueriedSeries>> QueryAsync(HttpClient http, string promql, DateTimeOffset? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var url = "/api/v1/query?query=" + Uri.EscapeDataString(promql);
        if (time is { } t)
        {
            url += "&time=" + (t.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        }
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"query {promql} answered {(int)response.StatusCode}: {body}");
        }
        // VictoriaMetrics writes non-finite values unquoted in some answers; Prometheus quotes them.
        using var doc = JsonDocument.Parse(body);
        var data = doc.RootElement.GetProperty("data");
        var result = new List<QueriedSeries>();
        foreach (var s in data.GetProperty("result").EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in s.GetProperty("metric").EnumerateObject())
            {
                labels[p.Name] = p.Value.GetString() ?? string.Empty;
            }
            var points = new List<(long, string)>();
            if (s.TryGetProperty("values", out var values))
            {
                foreach (var v in values.EnumerateArray())
                {
                    points.Add(Point(v));
                }
            }
            else if (s.TryGetProperty("value", out var value))
            {
                points.Add(Point(value));
            }
            result.Add(new QueriedSeries(labels, points));
        }
        return result;
    }

    private static (long, string) Point(JsonElement pair)
    {
        var ts = pair[0].GetDouble();
        return ((long)Math.Round(ts * 1000), pair[1].GetString() ?? string.Empty);
    }
}
