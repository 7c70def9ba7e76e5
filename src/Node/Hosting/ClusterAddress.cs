using System.Diagnostics.CodeAnalysis;

namespace Scraper.Node.Hosting;

/// <summary>
/// <c>host:port</c> of a cluster node. The host is what the node binds and what peers use to reach it (Akka's
/// remoting requires both to be the same name), so it cannot be empty; port 0 lets the kernel pick (single node).
/// </summary>
internal static class ClusterAddress
{
    /// <summary>Splits and checks <paramref name="text"/>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out string? host, out int port, out string? error)
    {
        if (!ListenAddress.TrySplit(text, out host, out port, out error))
        {
            return false;
        }
        if (host.Length == 0)
        {
            error = "a cluster address needs a host that peers can reach (e.g. 127.0.0.1:4053)";
            host = null;
            return false;
        }
        return true;
    }
}
