using Prometheus;

namespace Scraper.Actors.Discovery;

/// <summary>
/// Service discovery self-metrics under Prometheus 2.42's names (checked against a running agent). Shared by the
/// discovery singleton and its children; metric objects are thread-safe.
/// </summary>
public sealed class DiscoveryMetrics
{
    private static readonly QuantileEpsilonPair[] Objectives = [new(0.5, 0.05), new(0.9, 0.01), new(0.99, 0.001)];

    /// <summary>Creates (or finds) the metrics in <paramref name="factory"/>.</summary>
    public DiscoveryMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        DiscoveredTargets = factory.CreateGauge(
            "prometheus_sd_discovered_targets", "Current number of discovered targets.", ["config", "name"]);
        FailedConfigs = factory.CreateGauge(
            "prometheus_sd_failed_configs", "Current number of service discovery configurations that failed to load.", ["name"]);
        FileReadErrors = factory.CreateCounter("prometheus_sd_file_read_errors_total", "The number of File-SD read errors.");
        FileScanDuration = factory.CreateSummary(
            "prometheus_sd_file_scan_duration_seconds", "The duration of the File-SD scan in seconds.", new SummaryConfiguration { Objectives = Objectives });
        FileWatcherErrors = factory.CreateCounter(
            "prometheus_sd_file_watcher_errors_total", "The number of File-SD errors caused by filesystem watch failures.");
        HttpFailures = factory.CreateCounter("prometheus_sd_http_failures_total", "Number of HTTP service discovery refresh failures.");
        DnsLookups = factory.CreateCounter("prometheus_sd_dns_lookups_total", "The number of DNS-SD lookups.");
        DnsLookupFailures = factory.CreateCounter("prometheus_sd_dns_lookup_failures_total", "The number of DNS-SD lookup failures.");
        RefreshFailures = factory.CreateCounter(
            "prometheus_sd_refresh_failures_total", "Number of refresh failures for the given SD mechanism.", ["mechanism"]);
        RefreshDuration = factory.CreateSummary(
            "prometheus_sd_refresh_duration_seconds", "The duration of a refresh in seconds for the given SD mechanism.",
            ["mechanism"], new SummaryConfiguration { Objectives = Objectives });
        ReceivedUpdates = factory.CreateCounter(
            "prometheus_sd_received_updates_total", "Total number of update events received from the SD providers.", ["name"]);
        Updates = factory.CreateCounter("prometheus_sd_updates_total", "Total number of update events sent to the SD consumers.", ["name"]);
        FailedConfigs.WithLabels("scrape").Set(0);
    }

    /// <summary><c>prometheus_sd_discovered_targets{config,name="scrape"}</c>.</summary>
    public Gauge DiscoveredTargets { get; }

    /// <summary><c>prometheus_sd_failed_configs{name="scrape"}</c>.</summary>
    public Gauge FailedConfigs { get; }

    /// <summary><c>prometheus_sd_file_read_errors_total</c>.</summary>
    public Counter FileReadErrors { get; }

    /// <summary><c>prometheus_sd_file_scan_duration_seconds</c>.</summary>
    public Summary FileScanDuration { get; }

    /// <summary><c>prometheus_sd_file_watcher_errors_total</c>.</summary>
    public Counter FileWatcherErrors { get; }

    /// <summary><c>prometheus_sd_http_failures_total</c>.</summary>
    public Counter HttpFailures { get; }

    /// <summary><c>prometheus_sd_dns_lookups_total</c>.</summary>
    public Counter DnsLookups { get; }

    /// <summary><c>prometheus_sd_dns_lookup_failures_total</c>.</summary>
    public Counter DnsLookupFailures { get; }

    /// <summary><c>prometheus_sd_refresh_failures_total{mechanism}</c>.</summary>
    public Counter RefreshFailures { get; }

    /// <summary><c>prometheus_sd_refresh_duration_seconds{mechanism}</c>.</summary>
    public Summary RefreshDuration { get; }

    /// <summary><c>prometheus_sd_received_updates_total{name}</c>.</summary>
    public Counter ReceivedUpdates { get; }

    /// <summary><c>prometheus_sd_updates_total{name}</c>.</summary>
    public Counter Updates { get; }
}
