using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Scraper.Actors.Configuration;

/// <summary>Names, media types and defaults of <see cref="ScrapeProtocol"/>, as Prometheus defines them.</summary>
public static class ScrapeProtocols
{
    /// <summary>
    /// What a scrape asks for when <c>scrape_protocols</c> is not configured (Prometheus's
    /// <c>DefaultScrapeProtocols</c>), most wanted first.
    /// </summary>
    public static ImmutableArray<ScrapeProtocol> Default { get; } =
    [
        ScrapeProtocol.OpenMetricsText100,
        ScrapeProtocol.OpenMetricsText001,
        ScrapeProtocol.PrometheusText100,
        ScrapeProtocol.PrometheusText004,
    ];

    /// <summary>The configuration name (<c>OpenMetricsText1.0.0</c>, ...).</summary>
    public static string Name(ScrapeProtocol protocol) => protocol switch
    {
        ScrapeProtocol.PrometheusProto => "PrometheusProto",
        ScrapeProtocol.PrometheusText004 => "PrometheusText0.0.4",
        ScrapeProtocol.PrometheusText100 => "PrometheusText1.0.0",
        ScrapeProtocol.OpenMetricsText001 => "OpenMetricsText0.0.1",
        ScrapeProtocol.OpenMetricsText100 => "OpenMetricsText1.0.0",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>The media type with parameters that goes into the Accept header for this protocol.</summary>
    public static string HeaderMediaType(ScrapeProtocol protocol) => protocol switch
    {
        ScrapeProtocol.PrometheusProto => "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
        ScrapeProtocol.PrometheusText004 => "text/plain;version=0.0.4",
        ScrapeProtocol.PrometheusText100 => "text/plain;version=1.0.0",
        ScrapeProtocol.OpenMetricsText001 => "application/openmetrics-text;version=0.0.1",
        ScrapeProtocol.OpenMetricsText100 => "application/openmetrics-text;version=1.0.0",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>Parses a configuration name; names are case sensitive, as in Prometheus.</summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out ScrapeProtocol? protocol)
    {
        protocol = name switch
        {
            "PrometheusProto" => ScrapeProtocol.PrometheusProto,
            "PrometheusText0.0.4" => ScrapeProtocol.PrometheusText004,
            "PrometheusText1.0.0" => ScrapeProtocol.PrometheusText100,
            "OpenMetricsText0.0.1" => ScrapeProtocol.OpenMetricsText001,
            "OpenMetricsText1.0.0" => ScrapeProtocol.OpenMetricsText100,
            _ => null,
        };
        return protocol is not null;
    }
}
