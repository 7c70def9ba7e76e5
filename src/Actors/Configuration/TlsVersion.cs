namespace Scraper.Actors.Configuration;

/// <summary>TLS protocol versions of <c>tls_config.min_version</c> / <c>max_version</c> (YAML <c>TLS10</c> ... <c>TLS13</c>).</summary>
public enum TlsVersion
{
    /// <summary>TLS 1.0 (<c>TLS10</c>).</summary>
    Tls10,

    /// <summary>TLS 1.1 (<c>TLS11</c>).</summary>
    Tls11,

    /// <summary>TLS 1.2 (<c>TLS12</c>).</summary>
    Tls12,

    /// <summary>TLS 1.3 (<c>TLS13</c>).</summary>
    Tls13,
}
