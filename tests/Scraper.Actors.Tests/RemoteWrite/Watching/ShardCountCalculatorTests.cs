using Scraper.Actors.RemoteWrite.Watching;

namespace Scraper.Actors.Tests.RemoteWrite.Watching;

// Expected values are worked out by hand from Prometheus's calculateDesiredShards with a 10 s period:
//   rate = events / 10 s on the first tick that sees any, then rate += 0.2 * (instant - rate)
//   kept = out / (dropped + out); timePerSample = sendSeconds / out; backlog = delay * in * kept
//   desired = timePerSample * (in * kept + 0.05 * backlog)
public sealed class ShardCountCalculatorTests
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private static ShardCountCalculator Feed(int min, int max, long samplesIn, long samplesOut, double sendSeconds, long dropped = 0)
    {
        var c = new ShardCountCalculator(min, max);
        c.SamplesIn(samplesIn);
        c.SamplesOut(samplesOut);
        c.SamplesDropped(dropped);
        c.SendDuration(TimeSpan.FromSeconds(sendSeconds));
        return c;
    }

    [Fact]
    public void Tick_two_seconds_of_sending_per_second_wants_two_shards()
    {
        // in = out = 1000/s, send time 2 s/s -> 0.002 s per sample -> desired 0.002 * 1000 = 2; 2 > 1.3.
        var d = Feed(1, 50, 10_000, 10_000, 20).Tick(1, 1000, 1000, Fresh, MaxAge);
        Assert.Equal(ShardCountReason.Reshard, d.Reason);
        Assert.Equal(2, d.Shards);
        Assert.Equal(2.0, d.Desired, 9);
    }

    [Fact]
    public void Tick_within_thirty_percent_keeps_the_count()
    {
        // 0.012 s per sample * 1000/s = 12, within [7, 13] of 10.
        var d = Feed(1, 50, 10_000, 10_000, 120).Tick(10, 1000, 1000, Fresh, MaxAge);
        Assert.Equal(ShardCountReason.WithinTolerance, d.Reason);
        Assert.Equal(10, d.Shards);
        Assert.Equal(12.0, d.Desired, 9);
    }

    [Fact]
    public void Tick_adds_five_percent_of_the_backlog()
    {
        // delay 20 s -> backlog 20 * 1000 = 20000 -> catch-up 1000/s -> 0.002 * (1000 + 1000) = 4.
        var d = Feed(1, 50, 10_000, 10_000, 20).Tick(1, 1020, 1000, Fresh, MaxAge);
        Assert.Equal((ShardCountReason.Reshard, 4), (d.Reason, d.Shards));
        Assert.Equal(4.0, d.Desired, 9);
    }

    [Fact]
    public void Tick_counts_only_kept_samples()
    {
        // out 500/s, dropped 500/s -> kept 0.5; 1 s/s of sending -> 0.002 s per sample; 0.002 * 1000 * 0.5 = 1.
        var d = Feed(1, 50, 10_000, 5_000, 10, dropped: 5_000).Tick(3, 1000, 1000, Fresh, MaxAge);
        Assert.Equal((ShardCountReason.Reshard, 1), (d.Reason, d.Shards));
        Assert.Equal(1.0, d.Desired, 9);
    }

    [Fact]
    public void Tick_does_not_downshard_when_more_than_ten_seconds_behind()
    {
        // in = out = 100/s, 0.01 s per sample, delay 15 s -> backlog 1500 -> 0.01 * (100 + 75) = 1.75 -> 2 < 10.
        var d = Feed(1, 50, 1_000, 1_000, 10).Tick(10, 1015, 1000, Fresh, MaxAge);
        Assert.Equal((ShardCountReason.TooFarBehind, 10), (d.Reason, d.Shards));
        Assert.Equal(1.75, d.Desired, 9);
    }

    [Fact]
    public void Tick_clamps_to_max_shards_and_min_shards()
    {
        Assert.Equal(3, Feed(1, 3, 10_000, 10_000, 20).Tick(1, 1020, 1000, Fresh, MaxAge).Shards);
        // desired 1 but min_shards 2.
        var d = Feed(2, 50, 10_000, 5_000, 10, dropped: 5_000).Tick(5, 1000, 1000, Fresh, MaxAge);
        Assert.Equal((ShardCountReason.Reshard, 2), (d.Reason, d.Shards));
    }

    [Fact]
    public void Tick_keeps_the_count_while_sends_are_failing()
    {
        var d = Feed(1, 50, 10_000, 10_000, 20).Tick(1, 1000, 1000, TimeSpan.FromSeconds(30), MaxAge);
        Assert.Equal((ShardCountReason.SendsFailing, 1), (d.Reason, d.Shards));
    }

    [Fact]
    public void Tick_before_anything_was_sent_keeps_the_count()
    {
        var c = new ShardCountCalculator(1, 50);
        c.SamplesIn(10_000);
        var d = c.Tick(1, 1000, 0, Fresh, MaxAge);
        Assert.Equal((ShardCountReason.NothingSent, 1), (d.Reason, d.Shards));
        Assert.True(double.IsNaN(d.Desired));
    }

    [Fact]
    public void Tick_smooths_rates_with_weight_one_fifth()
    {
        var c = Feed(1, 50, 10_000, 10_000, 20);
        Assert.Equal(2, c.Tick(1, 1000, 1000, Fresh, MaxAge).Shards);
        // Second period: instant 2000/s in and out, 4 s/s sending. Rates: 1000 + 0.2 * 1000 = 1200, 2 + 0.2 * 2 = 2.4.
        // 2.4 / 1200 = 0.002 s per sample -> 0.002 * 1200 = 2.4, rounded up 3, outside [1.4, 2.6].
        c.SamplesIn(20_000);
        c.SamplesOut(20_000);
        c.SendDuration(TimeSpan.FromSeconds(40));
        var d = c.Tick(2, 1000, 1000, Fresh, MaxAge);
        Assert.Equal(2.4, d.Desired, 9);
        Assert.Equal((ShardCountReason.Reshard, 3), (d.Reason, d.Shards));
    }

    [Fact]
    public void EwmaRate_first_non_empty_tick_sets_the_rate_then_smooths()
    {
        var r = new EwmaRate(TimeSpan.FromSeconds(10));
        r.Tick();
        Assert.Equal(0, r.Rate);
        r.Add(100);
        r.Tick();
        Assert.Equal(10, r.Rate, 9);
        r.Tick();
        Assert.Equal(8, r.Rate, 9);
    }
}
