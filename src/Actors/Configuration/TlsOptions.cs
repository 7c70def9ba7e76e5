namespace Scraper.Actors.Configuration;

/// <summary>
/// <c>tls_config</c>. Certificates may be written inline (<c>ca</c>, <c>cert</c>, <c>key</c>) or kept in files
/// (<c>ca_file</c>, <c>cert_file</c>, <c>key_file</c>; paths joined with the configuration file's directory). Files
/// are read when a connection is set up, so rotated certificates are picked up.
/// </summary>
public sealed record TlsOptions
{
    /// <summary>No TLS settings: system roots, verification on.</summary>
    public static TlsOptions Default { get; } = new();

    /// <summary>Inline PEM of the CA certificates (<c>ca</c>); null when unset.</summary>
    public string? Ca { get; init; }

    /// <summary><c>ca_file</c>; null when unset.</summary>
    public string? CaFile { get; init; }

    /// <summary>Inline PEM of the client certificate (<c>cert</c>); null when unset.</summary>
    public string? Cert { get; init; }

    /// <summary><c>cert_file</c>; null when unset.</summary>
    public string? CertFile { get; init; }

    /// <summary>The client key: inline <c>key</c> or <c>key_file</c>; null when unset.</summary>
    public Secret? Key { get; init; }

    /// <summary><c>server_name</c>: the name verified in the server certificate (and sent as SNI); null for the URL's host.</summary>
    public string? ServerName { get; init; }

    /// <summary><c>insecure_skip_verify</c>: accept any server certificate.</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary><c>min_version</c>; null for the platform default.</summary>
    public TlsVersion? MinVersion { get; init; }

    /// <summary><c>max_version</c>; null for the platform default.</summary>
    public TlsVersion? MaxVersion { get; init; }

    /// <summary>True when a client certificate (inline or file) is configured.</summary>
    public bool HasClientCertificate => Cert is not null || CertFile is not null;

    /// <summary>The current CA PEM text, or null when no CA is configured.</summary>
    /// <exception cref="IOException">The CA file cannot be read.</exception>
    public string? ReadCa() => CaFile is not null ? File.ReadAllText(CaFile) : Ca;

    /// <summary>The current client certificate PEM text, or null when none is configured.</summary>
    /// <exception cref="IOException">The certificate file cannot be read.</exception>
    public string? ReadCert() => CertFile is not null ? File.ReadAllText(CertFile) : Cert;
}
