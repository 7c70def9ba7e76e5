namespace Scraper.Actors.Configuration;

/// <summary>The DNS record types of a <c>dns_sd_config</c> (YAML <c>SRV</c>, <c>A</c>, ..., case insensitive).</summary>
public enum DnsRecordType
{
    /// <summary>SRV records: host and port come from the record.</summary>
    Srv,

    /// <summary>A records, with the configured port.</summary>
    A,

    /// <summary>AAAA records, with the configured port.</summary>
    Aaaa,

    /// <summary>MX records, with the configured port.</summary>
    Mx,

    /// <summary>NS records, with the configured port.</summary>
    Ns,
}
