using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Scraper.Node.Configuration;

/// <summary>
/// Checks a static target written without relabeling: it must be <c>host</c> or <c>host:port</c>, with an IPv6
/// address in brackets. Prometheus itself rejects only addresses containing <c>/</c> (a URL put where a host
/// belongs) and lets an empty or malformed port fail at scrape time; we reject those at load time.
/// </summary>
internal static class TargetAddress
{
    public static bool IsValid(string address, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (address.Length == 0)
        {
            error = "target address is empty";
            return false;
        }
        if (address.Contains('/', StringComparison.Ordinal))
        {
            // Prometheus's own check and message (config.CheckTargetAddress).
            error = $"\"{address}\" is not a valid hostname";
            return false;
        }
        string host;
        string? port = null;
        if (address[0] == '[')
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"\"{address}\" is not a valid host:port: missing ']' in address";
                return false;
            }
            host = address[1..close];
            var rest = address[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    error = $"\"{address}\" is not a valid host:port: unexpected text after ']'";
                    return false;
                }
                port = rest[1..];
            }
            var zone = host.IndexOf('%', StringComparison.Ordinal);
            var ip = zone >= 0 ? host[..zone] : host;
            if (!IPAddress.TryParse(ip, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"\"{address}\" is not a valid host:port: \"{host}\" is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colon = address.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && address.IndexOf(':', colon + 1) >= 0)
            {
                error = $"\"{address}\" is not a valid host:port: an IPv6 address must be written in brackets, as [::1]:9090";
                return false;
            }
            host = colon >= 0 ? address[..colon] : address;
            port = colon >= 0 ? address[(colon + 1)..] : null;
            if (host.Length == 0)
            {
                error = $"\"{address}\" is not a valid host:port: empty host";
                return false;
            }
            foreach (var c in host)
            {
                if (!(char.IsLetterOrDigit(c) || c is '.' or '-' or '_'))
                {
                    error = $"\"{address}\" is not a valid host:port: invalid character '{c}' in host";
                    return false;
                }
            }
        }
        if (port is not null)
        {
            if (port.Length == 0)
            {
                error = $"\"{address}\" is not a valid host:port: empty port";
                return false;
            }
            if (!port.All(char.IsAsciiDigit) || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 65535)
            {
                error = $"\"{address}\" is not a valid host:port: invalid port \"{port}\"";
                return false;
            }
        }
        return true;
    }
}
