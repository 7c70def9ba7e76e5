using Scraper.Actors.Wal;
using Scraper.Wal;

namespace Scraper.Actors.Tests.Wal;

public sealed class WalTruncationPlannerTests
{
    private static readonly Func<int, IReadOnlySet<ulong>> Keep = last => new HashSet<ulong> { (ulong)last };

    private static WalTruncationPlan Plan(int first, int last) => new()
    {
        Directory = "/wal",
        Mint = 5,
        First = first,
        Last = last,
        KeepSeries = Keep(last),
        Compress = true,
    };

    [Fact]
    public void Bound_keeps_a_plan_below_the_kept_segment()
    {
        var plan = Plan(0, 4);
        Assert.Same(plan, WalTruncationPlanner.Bound(plan, 0, 8, keepFromSegment: 5, force: false, Keep, "/wal", 5, true));
    }

    [Fact]
    public void Bound_cuts_a_plan_at_the_kept_segment_and_recomputes_the_kept_series()
    {
        var bounded = WalTruncationPlanner.Bound(Plan(0, 4), 0, 8, keepFromSegment: 3, force: false, Keep, "/wal", 5, true);
        Assert.Equal((0, 2), (bounded!.First, bounded.Last));
        Assert.Equal([2UL], bounded.KeepSeries);
    }

    [Fact]
    public void Bound_drops_a_plan_that_would_start_at_the_kept_segment() =>
        Assert.Null(WalTruncationPlanner.Bound(Plan(3, 5), 3, 8, keepFromSegment: 3, force: false, Keep, "/wal", 5, true));

    [Fact]
    public void Bound_without_a_plan_does_nothing_unless_forced() =>
        Assert.Null(WalTruncationPlanner.Bound(null, 0, 2, keepFromSegment: 2, force: false, Keep, "/wal", 5, true));

    [Fact]
    public void Bound_forced_checkpoints_everything_below_the_kept_segment()
    {
        var forced = WalTruncationPlanner.Bound(null, 0, 8, keepFromSegment: 6, force: true, Keep, "/wal", 5, true);
        Assert.Equal((0, 5, 5L), (forced!.First, forced.Last, forced.Mint));
    }

    [Fact]
    public void Bound_forced_never_includes_the_new_segment()
    {
        var forced = WalTruncationPlanner.Bound(Plan(0, 2), 0, 4, keepFromSegment: int.MaxValue, force: true, Keep, "/wal", 5, true);
        Assert.Equal((0, 3), (forced!.First, forced.Last));
    }
}
