using System.Net;
using System.Net.Sockets;

namespace Scraper.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1, for processes that must be told their port up front.</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A port the kernel just handed out and released. Another process could take it before ours binds; the
    /// kernel hands ports out in sequence, so that is rare, and a peer that fails to bind fails its start loudly.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
