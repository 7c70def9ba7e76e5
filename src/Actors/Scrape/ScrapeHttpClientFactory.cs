using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Scraper.Actors.Configuration;

namespace Scraper.Actors.Scrape;

/// <summary>
/// Builds the HTTP client of a scrape job or an http_sd config from Prometheus's HTTP client settings: TLS (CA, client
/// certificate, server name, verification, versions), proxy, redirects. Authentication is not baked in: the caller
/// adds the Authorization header per request from <see cref="Secret.ReadAsync"/>, so rotated credential files are
/// used without a reload, as Prometheus does. Certificate files are read when a connection is set up.
/// </summary>
public static class ScrapeHttpClientFactory
{
    /// <summary>How long an idle keep-alive connection to a target stays open (Prometheus's transport uses 5 minutes).</summary>
    public static readonly TimeSpan IdleConnectionTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A handler for <paramref name="options"/>. Responses are not decompressed by the handler: the scrape reader
    /// inflates gzip itself so <c>body_size_limit</c> applies to the decompressed body.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(HttpClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = options.FollowRedirects,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = IdleConnectionTimeout,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        ConfigureProxy(handler, options);
        ConfigureTls(handler.SslOptions, options.Tls);
        return handler;
    }

    /// <summary>
    /// A client over <paramref name="handler"/>: no client-wide timeout (each request has its own) and the HTTP
    /// version policy of <c>enable_http2</c> (HTTP/2 negotiated over TLS when on, HTTP/1.1 only when off).
    /// </summary>
    public static HttpClient CreateClient(HttpMessageHandler handler, HttpClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        return new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = options.EnableHttp2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = options.EnableHttp2 ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>
    /// The Authorization header value of <paramref name="options"/> (basic auth or <c>authorization</c>), read now from
    /// inline values or files; null when none is configured. Never log the result.
    /// </summary>
    /// <exception cref="IOException">A credentials file cannot be read.</exception>
    public static async Task<string?> AuthorizationAsync(HttpClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BasicAuth is { } basic)
        {
            var user = basic.UsernameFile is null ? basic.Username : (await File.ReadAllTextAsync(basic.UsernameFile, cancellationToken).ConfigureAwait(false)).Trim();
            var password = basic.Password is null ? string.Empty : await basic.Password.ReadAsync(cancellationToken).ConfigureAwait(false);
            return "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + password));
        }
        if (options.Authorization is { } auth)
        {
            var credentials = auth.Credentials is null ? string.Empty : await auth.Credentials.ReadAsync(cancellationToken).ConfigureAwait(false);
            return auth.Type + " " + credentials;
        }
        return null;
    }

    private static void ConfigureProxy(SocketsHttpHandler handler, HttpClientOptions options)
    {
        if (options.ProxyUrl is { Length: > 0 } proxyUrl)
        {
            var bypass = (options.NoProxy ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(host => "^" + System.Text.RegularExpressions.Regex.Escape(host.TrimStart('.')).Replace("\\*", ".*", StringComparison.Ordinal) + "$")
                .ToArray();
            handler.Proxy = new WebProxy(new Uri(proxyUrl), BypassOnLocal: false, bypass);
            handler.UseProxy = true;
        }
        else
        {
            // proxy_from_environment: .NET's default proxy reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY.
            handler.UseProxy = options.ProxyFromEnvironment;
        }
    }

    private static void ConfigureTls(SslClientAuthenticationOptions ssl, TlsOptions tls)
    {
        if (tls.ServerName is { Length: > 0 } serverName)
        {
            ssl.TargetHost = serverName;
        }
        var protocols = Protocols(tls.MinVersion, tls.MaxVersion);
        if (protocols != SslProtocols.None)
        {
            ssl.EnabledSslProtocols = protocols;
        }
        if (tls.HasClientCertificate)
        {
            // Read at each handshake so a rotated certificate is used for new connections.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => LoadClientCertificate(tls);
        }
        if (tls.InsecureSkipVerify)
        {
#pragma warning disable CA5359 // insecure_skip_verify: the configuration asks for exactly this.
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (tls.Ca is not null || tls.CaFile is not null)
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateWithCa(tls, certificate, errors);
        }
    }

    private static X509Certificate2 LoadClientCertificate(TlsOptions tls)
    {
        var cert = tls.ReadCert() ?? throw new InvalidOperationException("tls_config: client certificate is empty");
        var key = tls.Key?.Read() ?? throw new InvalidOperationException("tls_config: client certificate without key");
        return X509Certificate2.CreateFromPem(cert, key);
    }

    /// <summary>Verifies the server chain against the configured CA only (not the system roots), as Go does with RootCAs.</summary>
    private static bool ValidateWithCa(TlsOptions tls, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(tls.ReadCa() ?? string.Empty);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        var ok = chain.Build(leaf);
        foreach (var root in roots)
        {
            root.Dispose();
        }
        return ok;
    }

    private static SslProtocols Protocols(TlsVersion? min, TlsVersion? max)
    {
        if (min is null && max is null)
        {
            return SslProtocols.None;
        }
        var result = SslProtocols.None;
        for (var v = min ?? TlsVersion.Tls12; v <= (max ?? TlsVersion.Tls13); v++)
        {
            result |= v switch
            {
#pragma warning disable SYSLIB0039, CA5397 // TLS 1.0/1.1 only when the configuration asks for them.
                TlsVersion.Tls10 => SslProtocols.Tls,
                TlsVersion.Tls11 => SslProtocols.Tls11,
#pragma warning restore SYSLIB0039, CA5397
                TlsVersion.Tls12 => SslProtocols.Tls12,
                _ => SslProtocols.Tls13,
            };
        }
        return result;
    }
}
