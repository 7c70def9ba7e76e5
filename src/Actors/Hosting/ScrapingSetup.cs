using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Scrape;

namespace Scraper.Actors.Hosting;

/// <summary>Everything <see cref="ScrapingHostingExtensions.WithScraping"/> needs: plain values, no binding.</summary>
public sealed record ScrapingSetup
{
    /// <summary>How often the discovery singleton re-sends every live target to the shard region.</summary>
    public static readonly TimeSpan DefaultReconcileInterval = TimeSpan.FromSeconds(10);

    /// <summary>The loaded prometheus.yml.</summary>
    public required PrometheusOptions Options { get; init; }

    /// <summary>Where the scrape and discovery self-metrics go.</summary>
    public required IMetricFactory MetricFactory { get; init; }

    /// <summary>Clock and timers of the scrape schedules.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>See <see cref="DefaultReconcileInterval"/>. An entity stops itself after three intervals without hearing from discovery.</summary>
    public TimeSpan ReconcileInterval { get; init; } = DefaultReconcileInterval;

    /// <summary>Builds the HTTP handlers of scrape jobs and http_sd configs; null for <see cref="ScrapeHttpClientFactory.CreateHandler"/>.</summary>
    public Func<HttpClientOptions, HttpMessageHandler>? HttpHandlerFactory { get; init; }

    /// <summary>The dns_sd resolver; null for <see cref="SystemDnsResolver"/>.</summary>
    public IDnsResolver? DnsResolver { get; init; }

    /// <summary>
    /// The node's job registry; null to create one. The node passes its own when it wants to apply reloads to it
    /// itself; the discovery singleton applies <c>ApplyConfig</c> to it too (unchanged jobs are kept as they are).
    /// </summary>
    public ScrapeJobRegistry? Jobs { get; init; }

    /// <summary>Mixed into every target's scrape phase; must be the same on every node of a cluster.</summary>
    public string ClusterName { get; init; } = string.Empty;

    /// <summary>This machine's name for the targets API's globalUrl; null for <see cref="System.Net.Dns.GetHostName"/>.</summary>
    public string? HostName { get; init; }
}
