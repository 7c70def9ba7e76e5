using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Tests.Discovery;

public sealed class ConfigEqualityTests
{
    private static ScrapeJobOptions Job(string regex = "a.*", string password = "p") => new()
    {
        JobName = "j",
        StaticConfigs = [new StaticTargetGroup { Targets = ["a:1"], Labels = Labels.FromStrings("x", "y") }],
        MetricRelabelConfigs = [new RelabelConfig { SourceLabels = ["__name__"], RegexPattern = regex, Regex = RelabelConfig.CompileAnchored(regex), Action = RelabelAction.Drop }],
        HttpClient = new HttpClientOptions { BasicAuth = new BasicAuthOptions { Username = "u", Password = Secret.FromValue(password) } },
        Params = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("m", ["x"]),
    };

    [Fact]
    public void DeepEquals_is_true_for_separately_built_equal_configs()
    {
        Assert.NotEqual(Job(), Job());
        Assert.True(ConfigEquality.DeepEquals(Job(), Job()));
    }

    [Fact]
    public void DeepEquals_sees_a_changed_regex() => Assert.False(ConfigEquality.DeepEquals(Job(), Job(regex: "b.*")));

    [Fact]
    public void DeepEquals_sees_a_changed_secret() => Assert.False(ConfigEquality.DeepEquals(Job(), Job(password: "q")));

    [Fact]
    public void DeepEquals_sees_a_changed_static_target() =>
        Assert.False(ConfigEquality.DeepEquals(Job(), Job() with { StaticConfigs = [new StaticTargetGroup { Targets = ["a:2"] }] }));
}
