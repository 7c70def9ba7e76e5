using System.Collections.Immutable;

namespace Scraper.Actors.Configuration;

/// <summary>
/// Prometheus's HTTP client configuration (<c>config.HTTPClientConfig</c>), written inline in a scrape config,
/// an <c>http_sd_config</c> and a <c>remote_write</c> entry: authentication, TLS, proxy, redirects, HTTP/2.
/// At most one of <see cref="BasicAuth"/> and <see cref="Authorization"/> is set.
/// </summary>
public sealed record HttpClientOptions
{
    /// <summary>Prometheus follows redirects unless told not to.</summary>
    public const bool DefaultFollowRedirects = true;

    /// <summary>Scrapes and service discovery negotiate HTTP/2 by default.</summary>
    public const bool DefaultEnableHttp2 = true;

    /// <summary>The defaults of a scrape config or an <c>http_sd_config</c>.</summary>
    public static HttpClientOptions Default { get; } = new();

    /// <summary><c>basic_auth</c>; null when unset.</summary>
    public BasicAuthOptions? BasicAuth { get; init; }

    /// <summary><c>authorization</c>, or the deprecated <c>bearer_token</c> / <c>bearer_token_file</c>; null when unset.</summary>
    public AuthorizationOptions? Authorization { get; init; }

    /// <summary><c>tls_config</c>.</summary>
    public TlsOptions Tls { get; init; } = TlsOptions.Default;

    /// <summary><c>proxy_url</c> as written; null when unset.</summary>
    public string? ProxyUrl { get; init; }

    /// <summary><c>no_proxy</c>: comma-separated hosts, domains and CIDRs that bypass <see cref="ProxyUrl"/>; null when unset.</summary>
    public string? NoProxy { get; init; }

    /// <summary><c>proxy_from_environment</c>: take the proxy from HTTP_PROXY / HTTPS_PROXY / NO_PROXY.</summary>
    public bool ProxyFromEnvironment { get; init; }

    /// <summary><c>proxy_connect_header</c>: headers sent to the proxy on CONNECT, values secret.</summary>
    public ImmutableDictionary<string, ImmutableArray<Secret>> ProxyConnectHeader { get; init; } =
        ImmutableDictionary<string, ImmutableArray<Secret>>.Empty;

    /// <summary><c>follow_redirects</c>.</summary>
    public bool FollowRedirects { get; init; } = DefaultFollowRedirects;

    /// <summary><c>enable_http2</c>.</summary>
    public bool EnableHttp2 { get; init; } = DefaultEnableHttp2;
}
