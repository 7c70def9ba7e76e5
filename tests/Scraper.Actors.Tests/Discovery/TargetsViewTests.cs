using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Tests.Discovery;

public sealed class TargetsViewTests
{
    [Fact]
    public void MergeHealth_prefers_the_most_recent_scrape()
    {
        var t = DateTimeOffset.UnixEpoch;
        var old = new TargetHealthInfo("1", "j", TargetHealth.Down, t, TimeSpan.Zero, "x");
        var recent = old with { Health = TargetHealth.Up, LastScrape = t.AddSeconds(1), LastError = "" };
        var merged = TargetsView.MergeHealth([
            new TargetHealthSnapshot(ImmutableDictionary<string, TargetHealthInfo>.Empty.Add("1", recent)),
            null,
            new TargetHealthSnapshot(ImmutableDictionary<string, TargetHealthInfo>.Empty.Add("1", old)),
        ]);
        Assert.Equal(TargetHealth.Up, merged["1"].Health);
    }

    [Fact]
    public void Build_lists_active_targets_with_health_and_dropped_targets_with_counts()
    {
        var drop = new RelabelConfig { SourceLabels = ["__address__"], RegexPattern = "b:1", Regex = RelabelConfig.CompileAnchored("b:1"), Action = RelabelAction.Drop };
        var job = new ScrapeJobOptions { JobName = "j", ScrapeInterval = TimeSpan.FromSeconds(15), ScrapeTimeout = TimeSpan.FromSeconds(10), RelabelConfigs = [drop] };
        var pool = TargetSetBuilder.Build(job, [new TargetGroup("0", [Labels.FromStrings("__address__", "127.0.0.1:1"), Labels.FromStrings("__address__", "b:1")], Labels.Empty)]);
        var id = pool.Active[0].Id;
        var health = new TargetHealthInfo(id, "j", TargetHealth.Up, DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(250), "");
        var result = TargetsView.Build([pool], new Dictionary<string, TargetHealthInfo> { [id] = health }, "host", null);

        var active = Assert.Single(result.ActiveTargets);
        Assert.Equal(("j", "http://127.0.0.1:1/metrics", "http://host:1/metrics", TargetHealth.Up, 0.25, "15s", "10s"),
            (active.ScrapePool, active.ScrapeUrl, active.GlobalUrl, active.Health, active.LastScrapeDuration, active.ScrapeInterval, active.ScrapeTimeout));
        Assert.Equal("127.0.0.1:1", active.DiscoveredLabels.Get("__address__"));
        Assert.Equal("b:1", Assert.Single(result.DroppedTargets).DiscoveredLabels.Get("__address__"));
        Assert.Equal(1, result.DroppedTargetCounts["j"]);
        Assert.Empty(TargetsView.Build([pool], new Dictionary<string, TargetHealthInfo>(), "host", "other").ActiveTargets);
    }

    [Fact]
    public void Build_shows_unknown_health_before_the_first_scrape()
    {
        var pool = TargetSetBuilder.Build(new ScrapeJobOptions { JobName = "j" }, [new TargetGroup("0", [Labels.FromStrings("__address__", "a:1")], Labels.Empty)]);
        var active = TargetsView.Build([pool], new Dictionary<string, TargetHealthInfo>(), "host", null).ActiveTargets.Single();
        Assert.Equal((TargetHealth.Unknown, (DateTimeOffset?)null, ""), (active.Health, active.LastScrape, active.LastError));
    }
}
