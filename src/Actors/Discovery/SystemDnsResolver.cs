using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Scraper.Actors.Configuration;

namespace Scraper.Actors.Discovery;

/// <summary>
/// The real resolver: A and AAAA through the operating system (so <c>/etc/hosts</c> applies, as with Go's resolver),
/// SRV, MX and NS by querying the name servers of <c>/etc/resolv.conf</c> over UDP (TCP when the answer is
/// truncated), trying the search domains as Prometheus's dns_sd does.
/// </summary>
public sealed class SystemDnsResolver : IDnsResolver
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);
    private readonly IReadOnlyList<IPEndPoint> _servers;
    private readonly IReadOnlyList<string> _search;
    private readonly int _ndots;

    /// <summary>A resolver with the system's configuration, or with explicit name servers (tests use a loopback one).</summary>
    public SystemDnsResolver(IReadOnlyList<IPEndPoint>? servers = null, IReadOnlyList<string>? searchDomains = null, int ndots = 1)
    {
        var conf = servers is null ? ReadResolvConf() : (servers, searchDomains ?? [], ndots);
        _servers = conf.Item1.Count > 0 ? conf.Item1 : [new IPEndPoint(IPAddress.Loopback, 53)];
        _search = conf.Item2;
        _ndots = conf.Item3;
    }

    /// <inheritdoc/>
    public async Task<ImmutableArray<DnsRecord>> LookupAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (type is DnsRecordType.A or DnsRecordType.Aaaa)
        {
            return await LookupAddressesAsync(name, type, cancellationToken).ConfigureAwait(false);
        }
        string? lastError = null;
        foreach (var candidate in Candidates(name))
        {
            foreach (var server in _servers)
            {
                try
                {
                    var (rcode, answers) = await QueryAsync(server, candidate, type, cancellationToken).ConfigureAwait(false);
                    if (rcode == 0)
                    {
                        return answers;
                    }
                    lastError = rcode == DnsMessage.NameError ? "no such host" : $"server {server} answered with RCODE {rcode}";
                    if (rcode == DnsMessage.NameError)
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is SocketException or TimeoutException or DnsLookupException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    lastError = $"server {server}: {e.Message}";
                }
            }
        }
        throw new DnsLookupException($"could not resolve \"{name}\": {lastError ?? "no name servers"}");
    }

    private static async Task<ImmutableArray<DnsRecord>> LookupAddressesAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var family = type == DnsRecordType.A ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(name.TrimEnd('.'), family, cancellationToken).ConfigureAwait(false);
            return [.. addresses.Where(a => a.AddressFamily == family).Select(a => new DnsRecord(type, a.ToString()))];
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NoData)
        {
            return [];
        }
        catch (SocketException e)
        {
            throw new DnsLookupException($"could not resolve \"{name}\": {e.Message}", e);
        }
    }

    /// <summary>The names to try, as Go's resolver orders them (absolute first when the name has enough dots).</summary>
    private IEnumerable<string> Candidates(string name)
    {
        if (name.EndsWith('.'))
        {
            yield return name;
            yield break;
        }
        var dots = name.Count(c => c == '.');
        if (dots >= _ndots)
        {
            yield return name + ".";
        }
        foreach (var domain in _search)
        {
            yield return name + "." + domain.TrimEnd('.') + ".";
        }
        if (dots < _ndots)
        {
            yield return name + ".";
        }
    }

    private static async Task<(int Rcode, ImmutableArray<DnsRecord> Answers)> QueryAsync(
        IPEndPoint server, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var id = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
        var query = DnsMessage.EncodeQuery(id, name, type);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        using var udp = new UdpClient(server.AddressFamily);
        await udp.SendAsync(query, server, timeout.Token).ConfigureAwait(false);
        while (true)
        {
            var received = await udp.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            if (!DnsMessage.TryDecodeResponse(received.Buffer, out var rid, out var rcode, out var truncated, out var answers, out var error))
            {
                throw new DnsLookupException(error!);
            }
            if (rid != id)
            {
                continue;
            }
            if (truncated)
            {
                return await QueryTcpAsync(server, query, id, timeout.Token).ConfigureAwait(false);
            }
            return (rcode, answers);
        }
    }

    private static async Task<(int, ImmutableArray<DnsRecord>)> QueryTcpAsync(IPEndPoint server, byte[] query, ushort id, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient(server.AddressFamily);
        await tcp.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var stream = tcp.GetStream();
        var framed = new byte[query.Length + 2];
        framed[0] = (byte)(query.Length >> 8);
        framed[1] = (byte)query.Length;
        query.CopyTo(framed, 2);
        await stream.WriteAsync(framed, cancellationToken).ConfigureAwait(false);
        var lengthBytes = new byte[2];
        await stream.ReadExactlyAsync(lengthBytes, cancellationToken).ConfigureAwait(false);
        var response = new byte[(lengthBytes[0] << 8) | lengthBytes[1]];
        await stream.ReadExactlyAsync(response, cancellationToken).ConfigureAwait(false);
        if (!DnsMessage.TryDecodeResponse(response, out var rid, out var rcode, out _, out var answers, out var error) || rid != id)
        {
            throw new DnsLookupException(error ?? "DNS response over TCP did not match the query");
        }
        return (rcode, answers);
    }

    private static (IReadOnlyList<IPEndPoint>, IReadOnlyList<string>, int) ReadResolvConf()
    {
        var servers = new List<IPEndPoint>();
        var search = new List<string>();
        var ndots = 1;
        try
        {
            foreach (var raw in File.ReadAllLines("/etc/resolv.conf"))
            {
                var line = raw.Split('#', ';')[0].Trim();
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2)
                {
                    continue;
                }
                switch (parts[0])
                {
                    case "nameserver" when IPAddress.TryParse(parts[1], out var ip):
                        servers.Add(new IPEndPoint(ip, 53));
                        break;
                    case "search" or "domain":
                        search.Clear();
                        search.AddRange(parts.Skip(1));
                        break;
                    case "options":
                        foreach (var o in parts.Skip(1))
                        {
                            if (o.StartsWith("ndots:", StringComparison.Ordinal)
                                && int.TryParse(o.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                            {
                                ndots = Math.Min(n, 15);
                            }
                        }
                        break;
                }
            }
        }
        catch (IOException)
        {
            // No resolv.conf: Go falls back to localhost:53 as well.
        }
        return (servers, search, ndots);
    }
}
