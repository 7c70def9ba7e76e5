using Scraper.Node.Commands;

namespace Scraper.Node.Tests.Commands;

public sealed class FlagParserTests
{
    private static readonly FlagParser.Flag[] Flags =
    [
        new("config.file", IsBoolean: false, "config"),
        new("web.listen-address", IsBoolean: false, "listen"),
        new("web.enable-lifecycle", IsBoolean: true, "lifecycle"),
    ];

    [Fact]
    public void TryParse_prometheusStyles_allReadTheSame()
    {
        Assert.True(FlagParser.TryParse(
            ["--config.file=a.yml", "--web.listen-address", ":9090", "--web.enable-lifecycle", "pos1", "--", "--not-a-flag"],
            Flags, out var parsed, out _));

        Assert.Equal("a.yml", parsed.Values["config.file"]);
        Assert.Equal(":9090", parsed.Values["web.listen-address"]);
        Assert.True(parsed.IsSet("web.enable-lifecycle"));
        Assert.Equal(["pos1", "--not-a-flag"], parsed.Positionals);
    }

    [Fact]
    public void TryParse_negatedBoolean_isFalse()
    {
        Assert.True(FlagParser.TryParse(["--web.enable-lifecycle", "--no-web.enable-lifecycle"], Flags, out var parsed, out _));

        Assert.False(parsed.IsSet("web.enable-lifecycle"));
        Assert.Equal("false", parsed.Values["web.enable-lifecycle"]);
    }

    [Fact]
    public void TryParse_valueWithEquals_keepsTheRest()
    {
        Assert.True(FlagParser.TryParse(["--config.file=a=b.yml"], Flags, out var parsed, out _));

        Assert.Equal("a=b.yml", parsed.Values["config.file"]);
    }

    [Theory]
    [InlineData("--config.file", "expected argument for flag '--config.file'")]
    [InlineData("--unknown=1", "unknown long flag '--unknown'")]
    [InlineData("--no-config.file", "unknown long flag '--no-config.file'")]
    public void TryParse_mistake_isReported(string arg, string error)
    {
        Assert.False(FlagParser.TryParse([arg], Flags, out _, out var message));

        Assert.Equal(error, message);
    }
}
