using System.Net;
using Scraper.Node.Hosting;

namespace Scraper.Node.Tests.Hosting;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("0.0.0.0:9090", "0.0.0.0", 9090)]
    [InlineData(":9090", "::", 9090)]
    [InlineData("127.0.0.1:19090", "127.0.0.1", 19090)]
    [InlineData("[::1]:9090", "::1", 9090)]
    [InlineData("localhost:9090", "127.0.0.1", 9090)]
    public void TryParse_goSyntax_givesEndpoint(string text, string ip, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var endpoints, out var error), error);

        var ep = Assert.Single(endpoints);
        Assert.Equal(IPAddress.Parse(ip), ep.Address);
        Assert.Equal(port, ep.Port);
    }

    [Theory]
    [InlineData("9090", "missing port in address")]
    [InlineData("::1:9090", "too many colons in address")]
    [InlineData("[::1:9090", "missing ']' in address")]
    [InlineData("host:http", "invalid port \"http\"")]
    [InlineData("host:", "invalid port \"\"")]
    public void TryParse_malformed_saysWhy(string text, string reason)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var error));

        Assert.Equal(reason, error);
    }
}
