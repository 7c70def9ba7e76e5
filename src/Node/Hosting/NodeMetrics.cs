using Prometheus;

namespace Scraper.Node.Hosting;

/// <summary>
/// The node's own self-metrics, with the names a Prometheus agent exposes so existing dashboards and alerts work:
/// build info, readiness, config reloads and the HTTP API's requests.
/// </summary>
internal sealed class NodeMetrics
{
    private static readonly double[] HttpDurationBuckets = [0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120];

    public NodeMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        Factory = Metrics.WithCustomRegistry(registry);
        BuildInfo = Factory.CreateGauge("prometheus_build_info",
            "A metric with a constant '1' value labeled by version, revision, branch, goversion from which prometheus was built, and the goos and goarch for the build.",
            new GaugeConfiguration { LabelNames = ["branch", "goarch", "goos", "goversion", "revision", "tags", "version"] });
        Ready = Factory.CreateGauge("prometheus_ready", "Whether Prometheus startup was fully completed and the server is ready for normal operation.");
        ReloadSuccessful = Factory.CreateGauge("prometheus_config_last_reload_successful", "Whether the last configuration reload attempt was successful.");
        ReloadSuccessTimestamp = Factory.CreateGauge("prometheus_config_last_reload_success_timestamp_seconds",
            "Timestamp of the last successful configuration reload.");
        HttpRequests = Factory.CreateCounter("prometheus_http_requests_total", "Counter of HTTP requests.",
            new CounterConfiguration { LabelNames = ["code", "handler"] });
        HttpDuration = Factory.CreateHistogram("prometheus_http_request_duration_seconds", "Histogram of latencies for HTTP requests.",
            new HistogramConfiguration { LabelNames = ["handler"], Buckets = HttpDurationBuckets });
    }

    /// <summary>The registry /metrics serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The factory every feature's metrics are created with.</summary>
    public IMetricFactory Factory { get; }

    /// <summary><c>prometheus_build_info</c>.</summary>
    public Gauge BuildInfo { get; }

    /// <summary><c>prometheus_ready</c>.</summary>
    public Gauge Ready { get; }

    /// <summary><c>prometheus_config_last_reload_successful</c>.</summary>
    public Gauge ReloadSuccessful { get; }

    /// <summary><c>prometheus_config_last_reload_success_timestamp_seconds</c>.</summary>
    public Gauge ReloadSuccessTimestamp { get; }

    /// <summary><c>prometheus_http_requests_total</c>.</summary>
    public Counter HttpRequests { get; }

    /// <summary><c>prometheus_http_request_duration_seconds</c>.</summary>
    public Histogram HttpDuration { get; }
}
