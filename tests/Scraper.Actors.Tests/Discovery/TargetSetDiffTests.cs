using Scraper.Actors.Discovery;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Tests.Discovery;

public sealed class TargetSetDiffTests
{
    private static EnsureTarget Target(string id, string instance = "a") =>
        new(id, "j", "http://" + instance + "/metrics", Labels.FromStrings("instance", instance), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    [Fact]
    public void Compute_ensures_new_and_changed_targets_and_retires_vanished_ones()
    {
        var previous = new Dictionary<string, EnsureTarget> { ["1"] = Target("1"), ["2"] = Target("2"), ["3"] = Target("3") };
        var current = new Dictionary<string, EnsureTarget> { ["1"] = Target("1"), ["2"] = Target("2", "b"), ["4"] = Target("4") };
        var diff = TargetSetDiff.Compute(previous, current);
        Assert.Equal(["2", "4"], diff.Ensure.Select(e => e.TargetId).Order());
        Assert.Equal(["3"], diff.Retire);
    }

    [Fact]
    public void Compute_of_equal_sets_is_empty_even_for_distinct_instances()
    {
        var diff = TargetSetDiff.Compute(
            new Dictionary<string, EnsureTarget> { ["1"] = Target("1") }, new Dictionary<string, EnsureTarget> { ["1"] = Target("1") });
        Assert.Empty(diff.Ensure);
        Assert.Empty(diff.Retire);
    }
}
