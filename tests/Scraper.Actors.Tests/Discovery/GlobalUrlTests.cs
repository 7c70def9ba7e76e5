using Scraper.Actors.Discovery;

namespace Scraper.Actors.Tests.Discovery;

public sealed class GlobalUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9100/metrics", "http://vm:9100/metrics")]
    [InlineData("http://localhost:80/metrics?a=b", "http://vm:80/metrics?a=b")]
    [InlineData("https://[::1]:9100/m", "https://vm:9100/m")]
    [InlineData("http://10.0.0.1:9100/metrics", "http://10.0.0.1:9100/metrics")]
    [InlineData("http://node:9100/metrics", "http://node:9100/metrics")]
    public void From_replaces_only_loopback_hosts(string url, string expected) => Assert.Equal(expected, GlobalUrl.From(url, "vm"));
}
