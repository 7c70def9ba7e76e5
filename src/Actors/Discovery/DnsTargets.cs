using System.Collections.Immutable;
using System.Globalization;
using Scraper.Actors.Configuration;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Discovery;

/// <summary>
/// Turns the answer to one dns_sd name into a target group as Prometheus's discovery/dns does: SRV records give host
/// and port, the other types the record's address or host with the configured port; every target carries
/// <c>__meta_dns_name</c> and the record metadata labels. Pure.
/// </summary>
public static class DnsTargets
{
    /// <summary>The name that was queried.</summary>
    public const string NameLabel = "__meta_dns_name";

    /// <summary>The SRV record's target, as in the record.</summary>
    public const string SrvTargetLabel = "__meta_dns_srv_record_target";

    /// <summary>The SRV record's port.</summary>
    public const string SrvPortLabel = "__meta_dns_srv_record_port";

    /// <summary>The MX record's exchange host.</summary>
    public const string MxTargetLabel = "__meta_dns_mx_record_target";

    /// <summary>The NS record's host.</summary>
    public const string NsTargetLabel = "__meta_dns_ns_record_target";

    /// <summary>The group for <paramref name="name"/> (its source is the name) from its answer records.</summary>
    public static TargetGroup Group(string name, ImmutableArray<DnsRecord> records, int port)
    {
        ArgumentNullException.ThrowIfNull(name);
        var targets = ImmutableArray.CreateBuilder<Labels>(records.Length);
        foreach (var r in records)
        {
            var lb = new LabelsBuilder().Set(NameLabel, name);
            string address;
            switch (r.Type)
            {
                case DnsRecordType.Srv:
                    lb.Set(SrvTargetLabel, r.Target).Set(SrvPortLabel, r.Port.ToString(CultureInfo.InvariantCulture));
                    address = HostPort(r.Target.TrimEnd('.'), r.Port);
                    break;
                case DnsRecordType.Mx:
                    lb.Set(MxTargetLabel, r.Target);
                    address = HostPort(r.Target.TrimEnd('.'), port);
                    break;
                case DnsRecordType.Ns:
                    lb.Set(NsTargetLabel, r.Target);
                    address = HostPort(r.Target.TrimEnd('.'), port);
                    break;
                default:
                    address = HostPort(r.Target, port);
                    break;
            }
            targets.Add(lb.Set(LabelNames.Address, address).ToLabels());
        }
        return new TargetGroup(name, targets.MoveToImmutable(), Labels.Empty);
    }

    /// <summary>Go's <c>net.JoinHostPort</c>: IPv6 literals in brackets.</summary>
    public static string HostPort(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var p = port.ToString(CultureInfo.InvariantCulture);
        return host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{p}" : $"{host}:{p}";
    }
}
