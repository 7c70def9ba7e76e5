using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;

namespace Scraper.Actors.Tests.Support;

/// <summary>
/// A DNS server on 127.0.0.1 and a free UDP port answering from a table the test fills (name and type to records;
/// unknown names get NXDOMAIN), and the response encoder it uses.
/// </summary>
public sealed class DnsTestServer : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DnsTestServer() => _loop = Task.Run(ServeAsync);

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public ConcurrentDictionary<(string Name, DnsRecordType Type), DnsRecord[]> Records { get; } = new();

    private int _queries;

    public int Queries => Volatile.Read(ref _queries);

    public static byte[] Response(ushort id, string name, DnsRecordType type, IReadOnlyList<DnsRecord> answers, int rcode = 0)
    {
        var b = new List<byte>
        {
            (byte)(id >> 8), (byte)id, 0x81, (byte)(0x80 | rcode), 0, 1, (byte)(answers.Count >> 8), (byte)answers.Count, 0, 0, 0, 0,
        };
        DnsMessage.WriteName(b, name);
        var code = DnsMessage.TypeCode(type);
        b.AddRange([(byte)(code >> 8), (byte)code, 0, 1]);
        foreach (var r in answers)
        {
            // The owner name points back at the question (offset 12): name compression.
            b.AddRange([0xc0, 12]);
            var rcode16 = DnsMessage.TypeCode(r.Type);
            b.AddRange([(byte)(rcode16 >> 8), (byte)rcode16, 0, 1, 0, 0, 0, 60]);
            var data = new List<byte>();
            switch (r.Type)
            {
                case DnsRecordType.A or DnsRecordType.Aaaa:
                    data.AddRange(IPAddress.Parse(r.Target).GetAddressBytes());
                    break;
                case DnsRecordType.Srv:
                    data.AddRange([0, 10, 0, 5, (byte)(r.Port >> 8), (byte)r.Port]);
                    DnsMessage.WriteName(data, r.Target);
                    break;
                case DnsRecordType.Mx:
                    data.AddRange([0, 10]);
                    DnsMessage.WriteName(data, r.Target);
                    break;
                default:
                    DnsMessage.WriteName(data, r.Target);
                    break;
            }
            b.AddRange([(byte)(data.Count >> 8), (byte)data.Count]);
            b.AddRange(data);
        }
        return [.. b];
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult query;
            try
            {
                query = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Interlocked.Increment(ref _queries);
            var (id, name, type) = ParseQuery(query.Buffer);
            var response = Records.TryGetValue((name, type), out var records)
                ? Response(id, name, type, records)
                : Response(id, name, type, [], rcode: DnsMessage.NameError);
            await _udp.SendAsync(response, query.RemoteEndPoint, _stop.Token);
        }
    }

    private static (ushort Id, string Name, DnsRecordType Type) ParseQuery(byte[] q)
    {
        var id = (ushort)((q[0] << 8) | q[1]);
        var labels = new List<string>();
        var pos = 12;
        while (q[pos] != 0)
        {
            labels.Add(System.Text.Encoding.ASCII.GetString(q, pos + 1, q[pos]));
            pos += q[pos] + 1;
        }
        var code = (q[pos + 1] << 8) | q[pos + 2];
        var type = code switch
        {
            1 => DnsRecordType.A,
            2 => DnsRecordType.Ns,
            15 => DnsRecordType.Mx,
            28 => DnsRecordType.Aaaa,
            _ => DnsRecordType.Srv,
        };
        return (id, string.Join('.', labels) + ".", type);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket.
        }
        _stop.Dispose();
    }
}
