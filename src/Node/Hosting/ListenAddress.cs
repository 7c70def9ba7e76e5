using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Scraper.Node.Hosting;

/// <summary>
/// Go's listen-address syntax, as Prometheus's <c>--web.listen-address</c> takes it: <c>host:port</c>, where an
/// empty host (<c>:9090</c>) or <c>0.0.0.0</c> means every interface, an IPv6 host is bracketed
/// (<c>[::1]:9090</c>), and a name such as <c>localhost</c> is resolved.
/// </summary>
internal static class ListenAddress
{
    /// <summary>Splits <paramref name="text"/>; <paramref name="host"/> is empty for "every interface".</summary>
    public static bool TrySplit(string text, [NotNullWhen(true)] out string? host, out int port, [NotNullWhen(false)] out string? error)
    {
        host = null;
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = "missing port in address";
            return false;
        }
        var h = text[..colon];
        var p = text[(colon + 1)..];
        if (h.StartsWith('['))
        {
            if (!h.EndsWith(']'))
            {
                error = "missing ']' in address";
                return false;
            }
            h = h[1..^1];
        }
        else if (h.Contains(':', StringComparison.Ordinal))
        {
            error = "too many colons in address";
            return false;
        }
        if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            error = $"invalid port \"{p}\"";
            return false;
        }
        host = h;
        error = null;
        return true;
    }

    /// <summary>The endpoints to bind for <paramref name="text"/>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out IReadOnlyList<IPEndPoint>? endpoints, [NotNullWhen(false)] out string? error)
    {
        endpoints = null;
        if (!TrySplit(text, out var host, out var port, out error))
        {
            return false;
        }
        if (host.Length == 0 || host == "0.0.0.0")
        {
            endpoints = host.Length == 0 ? [new IPEndPoint(IPAddress.IPv6Any, port)] : [new IPEndPoint(IPAddress.Any, port)];
            return true;
        }
        if (IPAddress.TryParse(host, out var ip))
        {
            endpoints = [new IPEndPoint(ip, port)];
            return true;
        }
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            if (addresses.Length == 0)
            {
                error = $"no address for host \"{host}\"";
                return false;
            }
            // Go listens on the first address of a name; prefer IPv4 as it does for "localhost".
            var chosen = Array.Find(addresses, a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses[0];
            endpoints = [new IPEndPoint(chosen, port)];
            return true;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            error = $"lookup {host}: {e.Message}";
            return false;
        }
    }
}
