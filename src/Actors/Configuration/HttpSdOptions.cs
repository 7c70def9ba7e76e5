namespace Scraper.Actors.Configuration;

/// <summary>One <c>http_sd_config</c>: target groups fetched as JSON from an HTTP endpoint.</summary>
public sealed record HttpSdOptions
{
    /// <summary>Prometheus's default polling interval.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(1);

    /// <summary>The <c>url</c> as written: http or https, with a host.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary><c>refresh_interval</c>.</summary>
    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;

    /// <summary>Authentication, TLS and proxy settings for the discovery requests.</summary>
    public HttpClientOptions HttpClient { get; init; } = HttpClientOptions.Default;
}
