using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Tests.Support;

namespace Scraper.Actors.Tests.Discovery;

public sealed class DnsMessageTests
{
    [Fact]
    public void EncodeQuery_writes_header_question_and_type()
    {
        var q = DnsMessage.EncodeQuery(0x1234, "_x._tcp.example.", DnsRecordType.Srv);
        byte[] expected =
        [
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            2, (byte)'_', (byte)'x', 4, (byte)'_', (byte)'t', (byte)'c', (byte)'p', 7, .. "example"u8.ToArray(), 0,
            0, 33, 0, 1,
        ];
        Assert.Equal(expected, q);
    }

    [Fact]
    public void TryDecodeResponse_reads_srv_a_aaaa_mx_and_ns_answers_with_name_compression()
    {
        var msg = DnsTestServer.Response(0x42, "_x._tcp.example.", DnsRecordType.Srv,
        [
            new DnsRecord(DnsRecordType.Srv, "node1.example.", 9100),
            new DnsRecord(DnsRecordType.A, "10.0.0.1"),
            new DnsRecord(DnsRecordType.Aaaa, "::1"),
            new DnsRecord(DnsRecordType.Mx, "mail.example."),
            new DnsRecord(DnsRecordType.Ns, "ns.example."),
        ]);
        Assert.True(DnsMessage.TryDecodeResponse(msg, out var id, out var rcode, out var truncated, out var answers, out var error), error);
        Assert.Equal((0x42, 0, false), (id, rcode, truncated));
        Assert.Equal(
            [
                new DnsRecord(DnsRecordType.Srv, "node1.example.", 9100),
                new DnsRecord(DnsRecordType.A, "10.0.0.1"),
                new DnsRecord(DnsRecordType.Aaaa, "::1"),
                new DnsRecord(DnsRecordType.Mx, "mail.example."),
                new DnsRecord(DnsRecordType.Ns, "ns.example."),
            ],
            answers);
    }

    [Fact]
    public void TryDecodeResponse_reports_nxdomain_and_truncation()
    {
        var msg = DnsTestServer.Response(1, "x.", DnsRecordType.A, [], rcode: DnsMessage.NameError);
        msg[2] |= 0x02;
        Assert.True(DnsMessage.TryDecodeResponse(msg, out _, out var rcode, out var truncated, out var answers, out _));
        Assert.Equal((DnsMessage.NameError, true), (rcode, truncated));
        Assert.Empty(answers);
    }

    [Fact]
    public void TryDecodeResponse_rejects_a_cut_message()
    {
        var msg = DnsTestServer.Response(1, "x.", DnsRecordType.A, [new DnsRecord(DnsRecordType.A, "1.2.3.4")]);
        Assert.False(DnsMessage.TryDecodeResponse(msg.AsSpan(0, msg.Length - 3), out _, out _, out _, out _, out var error));
        Assert.StartsWith("malformed DNS response", error);
        Assert.False(DnsMessage.TryDecodeResponse(new byte[5], out _, out _, out _, out _, out _));
    }
}
