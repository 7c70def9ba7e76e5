using Scraper.Actors.Discovery;

namespace Scraper.Actors.Tests.Discovery;

public sealed class GoGlobTests
{
    [Theory]
    [InlineData("*.json", "targets.json", true)]
    [InlineData("*.json", "targets.yml", false)]
    [InlineData("t?.json", "t1.json", true)]
    [InlineData("t?.json", "t12.json", false)]
    [InlineData("node-[0-9].yml", "node-3.yml", true)]
    [InlineData("node-[0-9].yml", "node-x.yml", false)]
    [InlineData("node-[^0-9].yml", "node-x.yml", true)]
    [InlineData("a\\*.json", "a*.json", true)]
    [InlineData("a\\*.json", "ab.json", false)]
    [InlineData("exact.json", "exact.json", true)]
    public void Match_follows_go_filepath_match(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GoGlob.Match(pattern, name));
}
