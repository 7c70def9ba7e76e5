using Scraper.Actors.RemoteWrite;
using Scraper.Actors.RemoteWrite.Watching;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.Tests.RemoteWrite.Watching;

public sealed class SendPipelineTests
{
    private static readonly Labels A = Labels.FromStrings("__name__", "a");

    private static Labels Series(int i) => Labels.FromStrings("__name__", "s", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static List<(int Shard, ShardAppend Append)> SendAll(SendPipeline p, out bool all)
    {
        var sent = new List<(int, ShardAppend)>();
        all = p.SendReady((s, a) => sent.Add((s, a)));
        return sent;
    }

    [Fact]
    public void Router_sends_a_series_always_to_the_same_shard_in_order()
    {
        var p = new SendPipeline(4, 1000, 1000, default, long.MinValue);
        for (var t = 0; t < 5; t++)
        {
            for (var i = 0; i < 50; i++)
            {
                var s = Series(i);
                p.Router.Add(s, s.Hash(), t, i);
            }
            p.Router.EndRecord(new WalPosition(0, (t + 1) * 100), t);
        }
        var sent = SendAll(p, out var all);
        Assert.True(all);
        var shardOf = new Dictionary<Labels, int>();
        var last = new Dictionary<Labels, long>();
        foreach (var (shard, append) in sent)
        {
            for (var k = 0; k < append.Series.Length; k++)
            {
                var s = append.Series[k];
                Assert.Equal(shardOf.GetValueOrDefault(s, shard), shard);
                shardOf[s] = shard;
                Assert.True(append.TimestampsMs[k] > last.GetValueOrDefault(s, -1));
                last[s] = append.TimestampsMs[k];
            }
        }
        Assert.Equal(50, shardOf.Count);
        Assert.True(shardOf.Values.Distinct().Count() > 1);
        Assert.Equal(Enumerable.Range(1, sent.Count).Select(i => (long)i), sent.Select(x => x.Append.Seq));
    }

    [Fact]
    public void SendReady_stops_at_capacity_and_resumes_on_progress()
    {
        var p = new SendPipeline(1, 10, 5, default, long.MinValue);
        for (var t = 0; t < 30; t++)
        {
            p.Router.Add(A, A.Hash(), t, t);
        }
        p.Router.EndRecord(new WalPosition(0, 100), 29);
        var first = SendAll(p, out var all);
        Assert.False(all);
        Assert.Equal([5, 5], first.Select(x => x.Append.Series.Length));
        Assert.Equal(10, p.OutstandingOf(0));

        p.Progress(0, first[0].Append.Seq, 5);
        var second = SendAll(p, out all);
        Assert.False(all);
        Assert.Single(second);
        Assert.Equal(10, p.OutstandingOf(0));

        p.Progress(0, second[0].Append.Seq, 10);
        var third = SendAll(p, out all);
        Assert.False(all);
        Assert.Equal(2, third.Count);
        p.Progress(0, third[1].Append.Seq, 10);
        Assert.Single(SendAll(p, out all));
        Assert.True(all);
    }

    [Fact]
    public void Acked_position_moves_only_over_a_prefix_done_on_every_shard()
    {
        var p = new SendPipeline(2, 100, 100, new WalPosition(0, 0), long.MinValue);
        // Record 1 ends at 100 with samples for both shards, record 2 at 200 is series only, record 3 at 300.
        Labels? on0 = null, on1 = null;
        for (var i = 0; on0 is null || on1 is null; i++)
        {
            var s = Series(i);
            if (SendRouterShard(s) == 0)
            {
                on0 ??= s;
            }
            else
            {
                on1 ??= s;
            }
        }
        p.Router.Add(on0, on0.Hash(), 1000, 1);
        p.Router.Add(on1, on1.Hash(), 1001, 1);
        p.Router.EndRecord(new WalPosition(0, 100), 1001);
        p.Router.EndRecord(new WalPosition(0, 200), 1001);
        p.Router.Add(on0, on0.Hash(), 2000, 1);
        p.Router.EndRecord(new WalPosition(0, 300), 2000);
        var sent = SendAll(p, out _);
        Assert.Equal(3, sent.Count);

        // Shard 0 finishes both of its appends first: nothing moves, shard 1 still holds record 1's sample.
        Assert.False(p.Progress(0, sent[2].Append.Seq, 2));
        Assert.Equal(new WalPosition(0, 0), p.Tracker.Acked);
        Assert.True(p.Progress(1, sent[1].Append.Seq, 1));
        Assert.Equal(new WalPosition(0, 300), p.Tracker.Acked);
        Assert.Equal(2000, p.Tracker.AckedTimestampMs);
        Assert.True(p.Tracker.AllDone);
    }

    [Fact]
    public void Records_without_samples_move_the_position_when_nothing_is_in_flight()
    {
        var p = new SendPipeline(1, 100, 100, default, long.MinValue);
        p.Router.EndRecord(new WalPosition(3, 50), 7);
        SendAll(p, out _);
        Assert.Equal((new WalPosition(3, 50), 7L), (p.Tracker.Acked, p.Tracker.AckedTimestampMs));
    }

    [Fact]
    public void Reshard_routes_queued_samples_again_and_keeps_record_ends()
    {
        var p = new SendPipeline(1, 5, 5, default, long.MinValue);
        for (var i = 0; i < 20; i++)
        {
            var s = Series(i);
            p.Router.Add(s, s.Hash(), 1, i);
        }
        p.Router.EndRecord(new WalPosition(0, 100), 1);
        var first = SendAll(p, out var all);
        Assert.False(all);
        Assert.Single(first);
        Assert.False(p.Flushed(0));
        p.Reshard(4);
        var rest = new List<(int Shard, ShardAppend Append)>();
        do
        {
            var batch = SendAll(p, out all);
            rest.AddRange(batch);
            foreach (var (shard, append) in batch)
            {
                p.Progress(shard, append.Seq, append.Series.Length);
            }
        }
        while (!all);
        Assert.Equal(15, rest.Sum(x => x.Append.Series.Length));
        Assert.All(rest, x => Assert.All(x.Append.Series, s => Assert.Equal(ShardRouter.ShardOf(s.Hash(), 4), x.Shard)));
        Assert.Equal(new WalPosition(0, 100), p.Tracker.Acked);
    }

    private static int SendRouterShard(Labels s) => ShardRouter.ShardOf(s.Hash(), 2);
}
