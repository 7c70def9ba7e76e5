using System.Collections.Immutable;

namespace Scraper.Actors.Configuration;

/// <summary>One <c>dns_sd_config</c>: targets from periodic DNS queries.</summary>
public sealed record DnsSdOptions
{
    /// <summary>Prometheus's default query interval.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>The DNS names to query (at least one).</summary>
    public ImmutableArray<string> Names { get; init; } = [];

    /// <summary><c>type</c>.</summary>
    public DnsRecordType Type { get; init; } = DnsRecordType.Srv;

    /// <summary><c>port</c>: required for every type but SRV; 0 when unset.</summary>
    public int Port { get; init; }

    /// <summary><c>refresh_interval</c>.</summary>
    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;
}
