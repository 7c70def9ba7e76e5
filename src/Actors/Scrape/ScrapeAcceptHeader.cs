using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Scraper.Actors.Configuration;
using Scraper.Protocol.Exposition;

namespace Scraper.Actors.Scrape;

/// <summary>The <c>Accept</c> and <c>Accept-Encoding</c> headers of a scrape request, as Prometheus builds them.</summary>
public static class ScrapeAcceptHeader
{
    /// <summary>
    /// The Accept header for <paramref name="protocols"/>. With the default protocols it is exactly what Prometheus
    /// 2.42 sends (<see cref="ExpositionContentType.ScrapeAcceptHeader"/>: OpenMetrics, then text). A configured
    /// <c>scrape_protocols</c> list (a newer Prometheus setting) gets the newer Prometheus's form: each media type with
    /// a falling <c>q=0.N</c>, then <c>*/*</c>.
    /// </summary>
    public static string For(ImmutableArray<ScrapeProtocol> protocols)
    {
        if (protocols.IsDefaultOrEmpty || protocols.SequenceEqual(ScrapeProtocols.Default))
        {
            return ExpositionContentType.ScrapeAcceptHeader;
        }
        // Prometheus: weight starts at len(ScrapeProtocolsHeaders) + 1 (five protocols known).
        var weight = 6;
        var sb = new StringBuilder();
        foreach (var p in protocols)
        {
            sb.Append(ScrapeProtocols.HeaderMediaType(p)).Append(";q=0.").Append(weight.ToString(CultureInfo.InvariantCulture)).Append(',');
            weight--;
        }
        return sb.Append("*/*;q=0.").Append(weight.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary><c>gzip</c> when <c>enable_compression</c> is on, else <c>identity</c>.</summary>
    public static string Encoding(bool enableCompression) => enableCompression ? "gzip" : "identity";
}
