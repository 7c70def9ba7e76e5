using Scraper.Actors.Configuration;
using Scraper.Actors.Discovery;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Tests.Discovery;

public sealed class TargetSetBuilderTests
{
    private static readonly RelabelConfig DropB = new()
    {
        SourceLabels = ["__address__"],
        RegexPattern = "b:.*",
        Regex = RelabelConfig.CompileAnchored("b:.*"),
        Action = RelabelAction.Drop,
    };

    private static TargetGroup Group(params string[] addresses) =>
        new("0", [.. addresses.Select(a => Labels.FromStrings("__address__", a))], Labels.FromStrings("env", "prod"));

    [Fact]
    public void Build_makes_active_targets_with_prometheus_labels_and_stable_ids()
    {
        var job = new ScrapeJobOptions { JobName = "j", ScrapeInterval = TimeSpan.FromSeconds(15), ScrapeTimeout = TimeSpan.FromSeconds(10) };
        var pool = TargetSetBuilder.Build(job, [Group("a:1")]);
        var target = Assert.Single(pool.Active);
        Assert.Equal(Labels.FromStrings("env", "prod", "instance", "a:1", "job", "j"), target.Build.Labels);
        Assert.Equal("http://a:1/metrics", target.Build.ScrapeUrl);
        Assert.Equal(TargetIdentity.EntityId(target.Build.FullLabels, target.Build.ScrapeUrl), target.Id);
        Assert.Equal(target.Id, TargetSetBuilder.Build(job, [Group("a:1")]).Active[0].Id);
        Assert.Equal(1, pool.Discovered);
    }

    [Fact]
    public void Build_keeps_dropped_targets_up_to_keep_dropped_targets_and_counts_all()
    {
        var job = new ScrapeJobOptions { JobName = "j", RelabelConfigs = [DropB], KeepDroppedTargets = 1 };
        var pool = TargetSetBuilder.Build(job, [Group("a:1", "b:1", "b:2")]);
        Assert.Single(pool.Active);
        Assert.Equal(2, pool.DroppedCount);
        var dropped = Assert.Single(pool.Dropped);
        Assert.Equal("b:1", dropped.Get("__address__"));
        Assert.Equal("j", dropped.Get("job"));
        Assert.Equal("prod", dropped.Get("env"));
    }

    [Fact]
    public void Build_scrapes_a_target_found_twice_once()
    {
        var pool = TargetSetBuilder.Build(new ScrapeJobOptions { JobName = "j" }, [Group("a:1"), Group("a:1")]);
        Assert.Single(pool.Active);
        Assert.Equal(2, pool.Discovered);
    }

    [Fact]
    public void Build_over_target_limit_sets_prometheus_error_for_the_pool()
    {
        var pool = TargetSetBuilder.Build(new ScrapeJobOptions { JobName = "j", TargetLimit = 1 }, [Group("a:1", "a:2")]);
        Assert.Equal("target_limit exceeded (number of targets: 2, limit: 1)", pool.ForcedError);
        Assert.Null(TargetSetBuilder.Build(new ScrapeJobOptions { JobName = "j", TargetLimit = 2 }, [Group("a:1", "a:2")]).ForcedError);
    }

    [Fact]
    public void Build_lists_targets_whose_labels_cannot_be_built()
    {
        var pool = TargetSetBuilder.Build(new ScrapeJobOptions { JobName = "j" }, [new TargetGroup("0", [Labels.FromStrings("foo", "bar")], Labels.Empty)]);
        Assert.Empty(pool.Active);
        Assert.Equal("no address", Assert.Single(pool.Failed).Error);
    }

    [Fact]
    public void StaticGroups_turn_static_configs_into_groups()
    {
        var job = new ScrapeJobOptions
        {
            JobName = "j",
            StaticConfigs = [new StaticTargetGroup { Targets = ["a:1", "a:2"], Labels = Labels.FromStrings("x", "y") }],
        };
        var group = Assert.Single(TargetSetBuilder.StaticGroups(job));
        Assert.Equal(2, group.Targets.Length);
        Assert.Equal("y", group.Labels.Get("x"));
    }
}
