using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Text;
using Scraper.Actors.Configuration;

namespace Scraper.Actors.Discovery;

/// <summary>
/// The DNS wire format (RFC 1035, SRV from RFC 2782), reduced to what dns_sd needs: a query for one name and type,
/// and the answer records of a response (A, AAAA, SRV, MX, NS; others are skipped). Pure.
/// </summary>
public static class DnsMessage
{
    /// <summary>RCODE 3: the name does not exist.</summary>
    public const int NameError = 3;

    /// <summary>The record type code of <paramref name="type"/>.</summary>
    public static ushort TypeCode(DnsRecordType type) => type switch
    {
        DnsRecordType.A => 1,
        DnsRecordType.Ns => 2,
        DnsRecordType.Mx => 15,
        DnsRecordType.Aaaa => 28,
        _ => 33,
    };

    /// <summary>A recursive query (RD set) for <paramref name="name"/> (absolute, with or without the final dot).</summary>
    public static byte[] EncodeQuery(ushort id, string name, DnsRecordType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        var buffer = new List<byte>(32 + name.Length);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // RD
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);
        buffer.AddRange(header.ToArray());
        WriteName(buffer, name);
        var code = TypeCode(type);
        buffer.Add((byte)(code >> 8));
        buffer.Add((byte)code);
        buffer.Add(0);
        buffer.Add(1); // class IN
        return [.. buffer];
    }

    /// <summary>Writes a name as length-prefixed labels and the root label.</summary>
    public static void WriteName(List<byte> buffer, string name)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(name);
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length > 63)
            {
                throw new ArgumentException($"DNS label \"{label}\" is longer than 63 bytes", nameof(name));
            }
            buffer.Add((byte)bytes.Length);
            buffer.AddRange(bytes);
        }
        buffer.Add(0);
    }

    /// <summary>
    /// Reads a response: its id, RCODE, truncation flag and the answer records of the asked type (CNAMEs and other
    /// types skipped, as Prometheus skips them). Returns false with a reason when the message is malformed.
    /// </summary>
    public static bool TryDecodeResponse(
        ReadOnlySpan<byte> message, out ushort id, out int rcode, out bool truncated, out ImmutableArray<DnsRecord> answers, out string? error)
    {
        id = 0;
        rcode = 0;
        truncated = false;
        answers = [];
        error = null;
        if (message.Length < 12)
        {
            error = "DNS response shorter than its header";
            return false;
        }
        id = BinaryPrimitives.ReadUInt16BigEndian(message);
        truncated = (message[2] & 0x02) != 0;
        rcode = message[3] & 0x0f;
        int qd = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        int an = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var pos = 12;
        var result = ImmutableArray.CreateBuilder<DnsRecord>(an);
        try
        {
            for (var i = 0; i < qd; i++)
            {
                ReadName(message, ref pos);
                pos += 4;
            }
            for (var i = 0; i < an; i++)
            {
                ReadName(message, ref pos);
                var type = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
                var length = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 8)..]);
                pos += 10;
                var data = message.Slice(pos, length);
                switch (type)
                {
                    case 1 when length == 4:
                        result.Add(new DnsRecord(DnsRecordType.A, new IPAddress(data).ToString()));
                        break;
                    case 28 when length == 16:
                        result.Add(new DnsRecord(DnsRecordType.Aaaa, new IPAddress(data).ToString()));
                        break;
                    case 33:
                        var srvPos = pos + 6;
                        result.Add(new DnsRecord(DnsRecordType.Srv, ReadName(message, ref srvPos), BinaryPrimitives.ReadUInt16BigEndian(data[4..])));
                        break;
                    case 15:
                        var mxPos = pos + 2;
                        result.Add(new DnsRecord(DnsRecordType.Mx, ReadName(message, ref mxPos)));
                        break;
                    case 2:
                        var nsPos = pos;
                        result.Add(new DnsRecord(DnsRecordType.Ns, ReadName(message, ref nsPos)));
                        break;
                }
                pos += length;
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or InvalidDataException)
        {
            error = "malformed DNS response: " + e.Message;
            return false;
        }
        answers = result.ToImmutable();
        return true;
    }

    /// <summary>Reads a possibly compressed name at <paramref name="pos"/>; returns it with its final dot.</summary>
    private static string ReadName(ReadOnlySpan<byte> message, ref int pos)
    {
        var sb = new StringBuilder();
        var p = pos;
        var jumped = false;
        for (var hops = 0; hops < 64; hops++)
        {
            var len = message[p];
            if (len == 0)
            {
                if (!jumped)
                {
                    pos = p + 1;
                }
                return sb.Length == 0 ? "." : sb.ToString();
            }
            if ((len & 0xc0) == 0xc0)
            {
                var target = ((len & 0x3f) << 8) | message[p + 1];
                if (!jumped)
                {
                    pos = p + 2;
                }
                jumped = true;
                p = target;
                continue;
            }
            sb.Append(Encoding.ASCII.GetString(message.Slice(p + 1, len))).Append('.');
            p += len + 1;
        }
        throw new InvalidDataException("DNS name compression loop");
    }
}
