using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Tests.Discovery;

public sealed class DnsTargetsTests
{
    [Fact]
    public void Group_of_srv_records_takes_host_and_port_from_the_record()
    {
        var group = DnsTargets.Group("_n._tcp.example", [new DnsRecord(DnsRecordType.Srv, "node1.example.", 9100)], port: 0);
        Assert.Equal("_n._tcp.example", group.Source);
        Assert.Equal(
            Labels.FromStrings(
                "__address__", "node1.example:9100", "__meta_dns_name", "_n._tcp.example",
                "__meta_dns_srv_record_target", "node1.example.", "__meta_dns_srv_record_port", "9100"),
            group.Targets.Single());
    }

    [Fact]
    public void Group_of_address_records_uses_the_configured_port_and_brackets_ipv6()
    {
        var group = DnsTargets.Group("localhost", [new DnsRecord(DnsRecordType.A, "127.0.0.1"), new DnsRecord(DnsRecordType.Aaaa, "::1")], port: 9100);
        Assert.Equal(["127.0.0.1:9100", "[::1]:9100"], group.Targets.Select(t => t.Get("__address__")));
        Assert.All(group.Targets, t => Assert.Equal("localhost", t.Get("__meta_dns_name")));
    }

    [Fact]
    public void Group_of_mx_records_strips_the_final_dot_from_the_address()
    {
        var target = DnsTargets.Group("example", [new DnsRecord(DnsRecordType.Mx, "mail.example.")], 25).Targets.Single();
        Assert.Equal(("mail.example:25", "mail.example."), (target.Get("__address__"), target.Get("__meta_dns_mx_record_target")));
    }
}
