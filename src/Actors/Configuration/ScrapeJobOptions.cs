using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Configuration;

/// <summary>
/// One entry of <c>scrape_configs</c> (a job), with every default already resolved: the interval, timeout,
/// protocols and limits left unset are taken from <see cref="GlobalOptions"/> as Prometheus takes them.
/// </summary>
public sealed record ScrapeJobOptions
{
    /// <summary>Prometheus's default metrics path.</summary>
    public const string DefaultMetricsPath = "/metrics";

    /// <summary>Prometheus's default scheme.</summary>
    public const string DefaultScheme = "http";

    /// <summary><c>job_name</c>: unique among the scrape configs; the <c>job</c> label of its targets.</summary>
    public required string JobName { get; init; }

    /// <summary><c>scrape_interval</c> (from the global section when unset).</summary>
    public TimeSpan ScrapeInterval { get; init; } = GlobalOptions.DefaultScrapeInterval;

    /// <summary>
    /// <c>scrape_timeout</c>, never greater than <see cref="ScrapeInterval"/>. When unset it is the global timeout,
    /// lowered to the interval if that is shorter.
    /// </summary>
    public TimeSpan ScrapeTimeout { get; init; } = GlobalOptions.DefaultScrapeTimeout;

    /// <summary><c>scrape_protocols</c>, most wanted first (never empty).</summary>
    public ImmutableArray<ScrapeProtocol> ScrapeProtocols { get; init; } = Configuration.ScrapeProtocols.Default;

    /// <summary><c>metrics_path</c>.</summary>
    public string MetricsPath { get; init; } = DefaultMetricsPath;

    /// <summary><c>scheme</c>: <c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; init; } = DefaultScheme;

    /// <summary><c>params</c>: URL query parameters, each with one or more values.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Params { get; init; } =
        ImmutableDictionary<string, ImmutableArray<string>>.Empty;

    /// <summary><c>honor_labels</c>: on a clash, keep the scraped label instead of renaming it to <c>exported_*</c>.</summary>
    public bool HonorLabels { get; init; }

    /// <summary><c>honor_timestamps</c>: use timestamps present in the scraped data.</summary>
    public bool HonorTimestamps { get; init; } = true;

    /// <summary><c>track_timestamps_staleness</c>: write staleness markers for series that had explicit timestamps.</summary>
    public bool TrackTimestampsStaleness { get; init; }

    /// <summary><c>enable_compression</c>: ask targets for gzip.</summary>
    public bool EnableCompression { get; init; } = true;

    /// <summary><c>body_size_limit</c>; zero or negative for no limit.</summary>
    public ByteSize BodySizeLimit { get; init; }

    /// <summary><c>sample_limit</c>; 0 for no limit.</summary>
    public long SampleLimit { get; init; }

    /// <summary><c>label_limit</c>; 0 for no limit.</summary>
    public long LabelLimit { get; init; }

    /// <summary><c>label_name_length_limit</c>; 0 for no limit.</summary>
    public long LabelNameLengthLimit { get; init; }

    /// <summary><c>label_value_length_limit</c>; 0 for no limit.</summary>
    public long LabelValueLengthLimit { get; init; }

    /// <summary><c>target_limit</c>; 0 for no limit.</summary>
    public long TargetLimit { get; init; }

    /// <summary><c>keep_dropped_targets</c>; 0 for no limit.</summary>
    public long KeepDroppedTargets { get; init; }

    /// <summary>Authentication, TLS, proxy, redirect and HTTP/2 settings for the scrapes.</summary>
    public HttpClientOptions HttpClient { get; init; } = HttpClientOptions.Default;

    /// <summary><c>static_configs</c>.</summary>
    public ImmutableArray<StaticTargetGroup> StaticConfigs { get; init; } = [];

    /// <summary><c>file_sd_configs</c>.</summary>
    public ImmutableArray<FileSdOptions> FileSdConfigs { get; init; } = [];

    /// <summary><c>http_sd_configs</c>.</summary>
    public ImmutableArray<HttpSdOptions> HttpSdConfigs { get; init; } = [];

    /// <summary><c>dns_sd_configs</c>.</summary>
    public ImmutableArray<DnsSdOptions> DnsSdConfigs { get; init; } = [];

    /// <summary><c>relabel_configs</c>: applied to discovered targets before scraping.</summary>
    public ImmutableArray<RelabelConfig> RelabelConfigs { get; init; } = [];

    /// <summary><c>metric_relabel_configs</c>: applied to scraped series before they are stored.</summary>
    public ImmutableArray<RelabelConfig> MetricRelabelConfigs { get; init; } = [];
}
