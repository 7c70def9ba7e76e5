using System.Collections.Frozen;

namespace Scraper.Node.Configuration;

/// <summary>
/// Keys Prometheus knows that scraper does not implement. They are rejected by name instead of being
/// ignored: silently skipping a service discovery or an authentication method would lose targets or data.
/// </summary>
internal static class UnsupportedKeys
{
    /// <summary>Service discovery mechanisms of Prometheus other than static, file, HTTP and DNS.</summary>
    public static readonly FrozenSet<string> ServiceDiscoveries = FrozenSet.Create(StringComparer.Ordinal,
    [
        "aws_sd_configs", "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs",
        "dockerswarm_sd_configs", "ec2_sd_configs", "eureka_sd_configs", "gce_sd_configs", "hetzner_sd_configs",
        "ionos_sd_configs", "kubernetes_sd_configs", "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs",
        "marathon_sd_configs", "nerve_sd_configs", "nomad_sd_configs", "openstack_sd_configs", "ovhcloud_sd_configs",
        "puppetdb_sd_configs", "scaleway_sd_configs", "serverset_sd_configs", "stackit_sd_configs", "triton_sd_configs",
        "uyuni_sd_configs", "vultr_sd_configs",
    ]);

    /// <summary>Keys of the inline HTTP client configuration we do not implement.</summary>
    private static readonly string[] HttpClient = ["oauth2", "http_headers"];

    /// <summary>Keys of a scrape config (besides discovery and HTTP client keys) we do not implement.</summary>
    private static readonly string[] Scrape =
    [
        "scrape_classic_histograms", "always_scrape_classic_histograms", "convert_classic_histograms_to_nhcb",
        "scrape_native_histograms", "native_histogram_bucket_limit", "native_histogram_min_bucket_factor",
        "metric_name_validation_scheme", "metric_name_escaping_scheme", "fallback_scrape_protocol",
        "scrape_failure_log_file", "extra_scrape_metrics",
    ];

    /// <summary>Keys of the global section we do not implement.</summary>
    private static readonly string[] Global =
    [
        "metric_name_validation_scheme", "metric_name_escaping_scheme", "scrape_native_histograms",
        "always_scrape_classic_histograms", "convert_classic_histograms_to_nhcb", "extra_scrape_metrics",
        "scrape_failure_log_file",
    ];

    /// <summary>Authentication and transport options of remote write we do not implement.</summary>
    private static readonly string[] RemoteWrite = ["sigv4", "azuread", "google_iam", "round_robin_dns"];

    private static readonly string[] Top = ["scrape_config_files"];

    /// <summary>The secret-manager references of newer Prometheus versions.</summary>
    private static readonly string[] SecretRefs = ["username_ref", "password_ref", "credentials_ref", "ca_ref", "cert_ref", "key_ref"];

    public static readonly FrozenDictionary<string, string> ForScrapeConfig =
        Build([.. ServiceDiscoveries, .. HttpClient, .. Scrape]);

    public static readonly FrozenDictionary<string, string> ForHttpSd = Build(HttpClient);

    public static readonly FrozenDictionary<string, string> ForRemoteWrite = Build([.. HttpClient, .. RemoteWrite]);

    public static readonly FrozenDictionary<string, string> ForGlobal = Build(Global);

    public static readonly FrozenDictionary<string, string> ForTopLevel = Build(Top);

    public static readonly FrozenDictionary<string, string> ForSecretHolders = Build(SecretRefs);

    private static FrozenDictionary<string, string> Build(IEnumerable<string> keys) =>
        keys.ToFrozenDictionary(k => k, k => $"{k} is not supported by scraper", StringComparer.Ordinal);
}
