using System.Collections.Immutable;
using Scraper.Actors.Configuration;

namespace Scraper.Actors.Discovery;

/// <summary>
/// DNS lookups for dns_sd_configs. <see cref="SystemDnsResolver"/> is the real one; tests inject their own or point
/// it at a DNS server of their own on loopback.
/// </summary>
public interface IDnsResolver
{
    /// <summary>
    /// The records of <paramref name="type"/> for <paramref name="name"/>. An existing name without such records
    /// gives an empty array; a name that does not exist, or a lookup that fails, throws
    /// <see cref="DnsLookupException"/> with the reason.
    /// </summary>
    Task<ImmutableArray<DnsRecord>> LookupAsync(string name, DnsRecordType type, CancellationToken cancellationToken);
}

/// <summary>One answer record.</summary>
/// <param name="Type">A, AAAA, SRV, MX or NS.</param>
/// <param name="Target">The address (A, AAAA) or host name as in the record, with its final dot (SRV, MX, NS).</param>
/// <param name="Port">The SRV port; 0 for other types.</param>
public sealed record DnsRecord(DnsRecordType Type, string Target, int Port = 0);

/// <summary>A DNS lookup failed; the message says why, in words fit for a log line.</summary>
public sealed class DnsLookupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DnsLookupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DnsLookupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DnsLookupException()
    {
    }
}
