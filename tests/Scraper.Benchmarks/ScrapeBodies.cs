using System.Globalization;
using System.Text;

namespace Scraper.Benchmarks;

/// <summary>
/// Scrape bodies shaped like an application's /metrics (the bench farm's mix): about a third histogram rows, the rest
/// counters and gauges, HELP and TYPE lines included. The same series in every variant, with values that grow.
/// </summary>
public static class ScrapeBodies
{
    private static readonly string[] Handlers = ["/api/v1/query", "/api/v1/series", "/api/v1/write", "/metrics"];
    private static readonly string[] Le = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
    private static readonly string[] Codes = ["200", "201", "204", "400", "404", "500", "503", "429"];
    private static readonly string[] Methods = ["GET", "POST"];
    private static readonly string[] Modes = ["user", "system", "idle", "iowait"];

    /// <summary>A body of exactly <paramref name="series"/> series (at least 60); <paramref name="variant"/> moves the values.</summary>
    public static byte[] Text(int series, int variant)
    {
        var sb = new StringBuilder(series * 80);
        var n = 0;
        sb.Append("# HELP http_request_duration_seconds Request latency.\n# TYPE http_request_duration_seconds histogram\n");
        foreach (var h in Handlers)
        {
            long cumulative = 0;
            for (var i = 0; i < Le.Length; i++)
            {
                cumulative += 3 + variant + i;
                sb.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_bucket{{handler=\"{h}\",method=\"GET\",le=\"{Le[i]}\"}} {cumulative}\n");
            }
            sb.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_sum{{handler=\"{h}\",method=\"GET\"}} {cumulative * 0.042}\n");
            sb.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_count{{handler=\"{h}\",method=\"GET\"}} {cumulative}\n");
            n += Le.Length + 2;
        }
        sb.Append("# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n");
        var budget = (series - n) / 2;
        for (var i = 0; i < budget; i++)
        {
            var code = Codes[i % Codes.Length];
            var method = Methods[(i / Codes.Length) % Methods.Length];
            var handler = Handlers[(i / (Codes.Length * Methods.Length)) % Handlers.Length];
            sb.Append(CultureInfo.InvariantCulture, $"http_requests_total{{code=\"{code}\",handler=\"{handler}\",method=\"{method}\",shard=\"{i}\"}} {(i * 17) + (variant * 5)}\n");
        }
        n += budget;
        sb.Append("# HELP node_cpu_seconds_total CPU time.\n# TYPE node_cpu_seconds_total counter\n");
        for (var i = 0; n < series; i++, n++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"node_cpu_seconds_total{{cpu=\"{i / Modes.Length}\",mode=\"{Modes[i % Modes.Length]}\"}} {1000.25 + i + (variant * 0.5)}\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
