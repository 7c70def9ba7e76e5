using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Node.Configuration.Yaml;

namespace Scraper.Node.Configuration;

internal sealed partial class ConfigParser
{
    /// <summary>
    /// Reads the HTTP client keys that Prometheus inlines into scrape, http_sd and remote_write mappings, and
    /// checks them as <c>HTTPClientConfig.Validate</c> does. The deprecated <c>bearer_token(_file)</c> becomes an
    /// authorization of type Bearer, as Prometheus converts it.
    /// </summary>
    private HttpClientOptions ParseHttpClient(MapReader m, HttpClientOptions defaults)
    {
        var basicAuth = m.Take("basic_auth") is { } ba ? ParseBasicAuth(ba, m.Sub("basic_auth")) : null;
        var authorization = m.Take("authorization") is { } az ? ParseAuthorization(az, m.Sub("authorization")) : null;
        var bearerToken = m.String("bearer_token") ?? string.Empty;
        var bearerTokenFile = m.String("bearer_token_file") ?? string.Empty;
        var tls = m.Take("tls_config") is { } t ? ParseTls(t, m.Sub("tls_config")) : TlsOptions.Default;
        var proxyUrl = m.String("proxy_url") is { Length: > 0 } p ? p : null;
        var noProxy = m.String("no_proxy") is { Length: > 0 } np ? np : null;
        var proxyFromEnvironment = m.Bool("proxy_from_environment") ?? false;
        var proxyConnectHeader = m.Take("proxy_connect_header") is { } pch
            ? ParseProxyConnectHeader(pch, m.Sub("proxy_connect_header"))
            : ImmutableDictionary<string, ImmutableArray<Secret>>.Empty;
        var followRedirects = m.Bool("follow_redirects") ?? defaults.FollowRedirects;
        var enableHttp2 = m.Bool("enable_http2") ?? defaults.EnableHttp2;
        var oauth2 = m.Has("oauth2");

        if (bearerToken.Length > 0 && bearerTokenFile.Length > 0)
        {
            Error(m.KeyPositionOf("bearer_token_file"), "at most one of bearer_token & bearer_token_file must be configured");
        }
        if ((basicAuth is not null || oauth2) && (bearerToken.Length > 0 || bearerTokenFile.Length > 0))
        {
            Error(m.KeyPositionOf(bearerToken.Length > 0 ? "bearer_token" : "bearer_token_file"),
                "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        if (authorization is not null)
        {
            if (bearerToken.Length > 0 || bearerTokenFile.Length > 0)
            {
                Error(m.KeyPositionOf("authorization"), "authorization is not compatible with bearer_token & bearer_token_file");
            }
            if (basicAuth is not null || oauth2)
            {
                Error(m.KeyPositionOf("authorization"), "at most one of basic_auth, oauth2 & authorization must be configured");
            }
        }
        else if (bearerTokenFile.Length > 0)
        {
            var joined = JoinDir(bearerTokenFile);
            CheckReadable(joined, m.PositionOf("bearer_token_file"), "bearer_token_file");
            authorization = new AuthorizationOptions { Credentials = Secret.FromFile(joined) };
        }
        else if (bearerToken.Length > 0)
        {
            authorization = new AuthorizationOptions { Credentials = Secret.FromValue(bearerToken) };
        }

        // ProxyConfig.Validate.
        if (proxyUrl is not null && (!Uri.TryCreate(proxyUrl, UriKind.Absolute, out var proxy) || proxy.Host.Length == 0))
        {
            Error(m.PositionOf("proxy_url"), $"invalid proxy_url \"{proxyUrl}\": not an absolute URL with a host");
        }
        if (!proxyConnectHeader.IsEmpty && !proxyFromEnvironment && proxyUrl is null)
        {
            Error(m.KeyPositionOf("proxy_connect_header"), "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured");
        }
        if (proxyFromEnvironment && proxyUrl is not null)
        {
            Error(m.KeyPositionOf("proxy_url"), "if proxy_from_environment is configured, proxy_url must not be configured");
        }
        if (proxyFromEnvironment && noProxy is not null)
        {
            Error(m.KeyPositionOf("no_proxy"), "if proxy_from_environment is configured, no_proxy must not be configured");
        }
        if (proxyUrl is null && noProxy is not null)
        {
            Error(m.KeyPositionOf("no_proxy"), "if no_proxy is configured, proxy_url must also be configured");
        }

        return new HttpClientOptions
        {
            BasicAuth = basicAuth,
            Authorization = authorization,
            Tls = tls,
            ProxyUrl = proxyUrl,
            NoProxy = noProxy,
            ProxyFromEnvironment = proxyFromEnvironment,
            ProxyConnectHeader = proxyConnectHeader,
            FollowRedirects = followRedirects,
            EnableHttp2 = enableHttp2,
        };
    }

    private BasicAuthOptions? ParseBasicAuth(YamlNode node, string path)
    {
        if (OpenMap(node, path) is not { } m)
        {
            return null;
        }
        var username = m.String("username") ?? string.Empty;
        var usernameFile = m.String("username_file") ?? string.Empty;
        var password = m.String("password") ?? string.Empty;
        var passwordFile = m.String("password_file") ?? string.Empty;
        m.Finish(UnsupportedKeys.ForSecretHolders);
        if (username.Length > 0 && usernameFile.Length > 0)
        {
            Error(m.KeyPositionOf("username_file"), "at most one of basic_auth username, username_file & username_ref must be configured");
        }
        if (password.Length > 0 && passwordFile.Length > 0)
        {
            Error(m.KeyPositionOf("password_file"), "at most one of basic_auth password, password_file & password_ref must be configured");
        }
        string? joinedUsernameFile = null;
        if (usernameFile.Length > 0)
        {
            joinedUsernameFile = JoinDir(usernameFile);
            CheckReadable(joinedUsernameFile, m.PositionOf("username_file"), "username_file");
        }
        Secret? secret = null;
        if (passwordFile.Length > 0)
        {
            var joined = JoinDir(passwordFile);
            CheckReadable(joined, m.PositionOf("password_file"), "password_file");
            secret = Secret.FromFile(joined);
        }
        else if (password.Length > 0)
        {
            secret = Secret.FromValue(password);
        }
        return new BasicAuthOptions { Username = username, UsernameFile = joinedUsernameFile, Password = secret };
    }

    private AuthorizationOptions? ParseAuthorization(YamlNode node, string path)
    {
        if (OpenMap(node, path) is not { } m)
        {
            return null;
        }
        var type = (m.String("type") ?? string.Empty).Trim();
        var credentials = m.String("credentials") ?? string.Empty;
        var credentialsFile = m.String("credentials_file") ?? string.Empty;
        m.Finish(UnsupportedKeys.ForSecretHolders);
        if (credentials.Length > 0 && credentialsFile.Length > 0)
        {
            Error(m.KeyPositionOf("credentials_file"), "at most one of authorization credentials & credentials_file must be configured");
        }
        if (type.Length == 0)
        {
            type = AuthorizationOptions.DefaultType;
        }
        if (string.Equals(type, "basic", StringComparison.OrdinalIgnoreCase))
        {
            Error(m.PositionOf("type"), "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
        }
        Secret? secret = null;
        if (credentialsFile.Length > 0)
        {
            var joined = JoinDir(credentialsFile);
            CheckReadable(joined, m.PositionOf("credentials_file"), "credentials_file");
            secret = Secret.FromFile(joined);
        }
        else if (credentials.Length > 0)
        {
            secret = Secret.FromValue(credentials);
        }
        return new AuthorizationOptions { Type = type, Credentials = secret };
    }

    private TlsOptions ParseTls(YamlNode node, string path)
    {
        if (OpenMap(node, path) is not { } m)
        {
            return TlsOptions.Default;
        }
        var ca = m.String("ca") is { Length: > 0 } a ? a : null;
        var caFile = m.String("ca_file") is { Length: > 0 } af ? af : null;
        var cert = m.String("cert") is { Length: > 0 } c ? c : null;
        var certFile = m.String("cert_file") is { Length: > 0 } cf ? cf : null;
        var key = m.String("key") is { Length: > 0 } k ? k : null;
        var keyFile = m.String("key_file") is { Length: > 0 } kf ? kf : null;
        var serverName = m.String("server_name") is { Length: > 0 } sn ? sn : null;
        var insecure = m.Bool("insecure_skip_verify") ?? false;
        var minVersion = m.Take("min_version") is { } min ? ParseTlsVersion(min, m.Sub("min_version")) : null;
        var maxVersion = m.Take("max_version") is { } max ? ParseTlsVersion(max, m.Sub("max_version")) : null;
        m.Finish(UnsupportedKeys.ForSecretHolders);

        // TLSConfig.Validate, then the version order check of NewTLSConfig.
        if (ca is not null && caFile is not null)
        {
            Error(m.KeyPositionOf("ca_file"), "at most one of ca, ca_file & ca_ref must be configured");
        }
        if (cert is not null && certFile is not null)
        {
            Error(m.KeyPositionOf("cert_file"), "at most one of cert, cert_file & cert_ref must be configured");
        }
        if (key is not null && keyFile is not null)
        {
            Error(m.KeyPositionOf("key_file"), "at most one of key and key_file must be configured");
        }
        var hasCert = cert is not null || certFile is not null;
        var hasKey = key is not null || keyFile is not null;
        if (hasCert && !hasKey)
        {
            Error(m.KeyPositionOf(certFile is not null ? "cert_file" : "cert"), "exactly one of key or key_file must be configured when a client certificate is configured");
        }
        else if (hasKey && !hasCert)
        {
            Error(m.KeyPositionOf(keyFile is not null ? "key_file" : "key"), "exactly one of cert or cert_file must be configured when a client key is configured");
        }
        if (minVersion is not null && maxVersion is not null && maxVersion < minVersion)
        {
            Error(m.PositionOf("max_version"), "tls_config.max_version must be greater than or equal to tls_config.min_version if both are specified");
        }

        string? Resolve(string? file, string keyName)
        {
            if (file is null)
            {
                return null;
            }
            var joined = JoinDir(file);
            CheckReadable(joined, m.PositionOf(keyName), keyName);
            return joined;
        }
        var joinedKey = Resolve(keyFile, "key_file");
        return new TlsOptions
        {
            Ca = ca,
            CaFile = Resolve(caFile, "ca_file"),
            Cert = cert,
            CertFile = Resolve(certFile, "cert_file"),
            Key = joinedKey is not null ? Secret.FromFile(joinedKey) : key is not null ? Secret.FromValue(key) : null,
            ServerName = serverName,
            InsecureSkipVerify = insecure,
            MinVersion = minVersion,
            MaxVersion = maxVersion,
        };
    }

    private TlsVersion? ParseTlsVersion(YamlNode node, string path)
    {
        if (AsString(node, path) is not { } text)
        {
            return null;
        }
        TlsVersion? version = text switch
        {
            "TLS10" => TlsVersion.Tls10,
            "TLS11" => TlsVersion.Tls11,
            "TLS12" => TlsVersion.Tls12,
            "TLS13" => TlsVersion.Tls13,
            _ => null,
        };
        if (version is null)
        {
            Error(node, $"unknown TLS version: {text}");
        }
        return version;
    }

    private ImmutableDictionary<string, ImmutableArray<Secret>> ParseProxyConnectHeader(YamlNode node, string path)
    {
        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<Secret>>(StringComparer.Ordinal);
        if (OpenMap(node, path) is not { } m || node is not YamlMapping map)
        {
            return result.ToImmutable();
        }
        foreach (var entry in map.Entries)
        {
            if (entry.Key is { } key && !result.ContainsKey(key) && m.StringList(key) is { } values)
            {
                result[key] = [.. values.Select(v => Secret.FromValue(v.Value))];
            }
        }
        m.Finish();
        return result.ToImmutable();
    }
}
