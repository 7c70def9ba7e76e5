using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Tests.Support;

namespace Scraper.Actors.Tests.Discovery;

public sealed class SystemDnsResolverTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LookupAsync_of_localhost_A_uses_the_hosts_file()
    {
        var records = await new SystemDnsResolver().LookupAsync("localhost", DnsRecordType.A, Token);
        Assert.Contains(new DnsRecord(DnsRecordType.A, "127.0.0.1"), records);
    }

    [Fact]
    public async Task LookupAsync_of_srv_queries_the_name_server_over_udp()
    {
        using var dns = new DnsTestServer();
        dns.Records[("_node._tcp.test.", DnsRecordType.Srv)] = [new DnsRecord(DnsRecordType.Srv, "host1.test.", 9100)];
        var resolver = new SystemDnsResolver([dns.EndPoint]);
        var records = await resolver.LookupAsync("_node._tcp.test", DnsRecordType.Srv, Token);
        Assert.Equal([new DnsRecord(DnsRecordType.Srv, "host1.test.", 9100)], records);
    }

    [Fact]
    public async Task LookupAsync_tries_the_search_domains()
    {
        using var dns = new DnsTestServer();
        dns.Records[("_node._tcp.svc.test.", DnsRecordType.Srv)] = [new DnsRecord(DnsRecordType.Srv, "host1.test.", 9100)];
        var resolver = new SystemDnsResolver([dns.EndPoint], ["other.test", "svc.test"], ndots: 5);
        Assert.Single(await resolver.LookupAsync("_node._tcp", DnsRecordType.Srv, Token));
    }

    [Fact]
    public async Task LookupAsync_of_a_missing_name_fails_with_the_reason()
    {
        using var dns = new DnsTestServer();
        var resolver = new SystemDnsResolver([dns.EndPoint]);
        var e = await Assert.ThrowsAsync<DnsLookupException>(() => resolver.LookupAsync("_missing._tcp.test", DnsRecordType.Srv, Token));
        Assert.Equal("could not resolve \"_missing._tcp.test\": no such host", e.Message);
    }
}
