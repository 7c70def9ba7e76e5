using Scraper.Protocol.Model;

namespace Scraper.Wal.Tests;

public class WalTruncatorTests
{
    [Fact]
    public void Truncate_checkpointsOldSegmentsDeletesThemAndReplayStillKnowsLiveSeries()
    {
        using var tmp = new TempDirectory();
        var series = new SeriesRefs();
        var log = new List<string>();
        WalTruncationResult result;
        var labels = Enumerable.Range(0, 10)
            .Select(i => Labels.FromStrings("__name__", "m", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        using (var w = WalTestData.OpenWriter(tmp.Path, series: series, log: log))
        {
            // Ten segments; series 0-4 stop after segment 2, series 5-9 go on to the end.
            for (var seg = 0; seg < 10; seg++)
            {
                for (var i = 0; i < labels.Length; i++)
                {
                    if (i < 5 && seg > 2)
                    {
                        continue;
                    }
                    var r = series.GetOrCreate(labels[i], out var created);
                    if (created)
                    {
                        w.AppendSeries(r, labels[i]);
                    }
                    w.AppendSample(r, seg * 1000, seg);
                    series.UpdateLastTimestamp(r, seg * 1000);
                }
                w.Commit();
                w.NextSegment();
            }

            result = WalTruncator.Truncate(w, series, mint: 5000, log: (level, m) => log.Add(m));
            w.AppendSample(series.GetOrCreate(labels[9], out _), 11_000, 1);
            w.Commit();
        }

        Assert.Equal(5, result.SeriesCollected);
        Assert.Equal(11, result.NewSegment);
        // Segments 0..10 before truncation: never the newest (10), then the lower two thirds of 0..9 -> 0..6.
        Assert.Equal(6, result.Checkpoint!.Index);
        Assert.Equal(7, result.DeletedSegmentsBelow);
        Assert.Equal([7, 8, 9, 10, 11], WalDirectory.ListSegments(tmp.Path));
        Assert.Equal([6], WalDirectory.ListCheckpoints(tmp.Path).Select(c => c.Index));
        Assert.Equal(5, series.Count);
        Assert.Contains(log, l => l.Contains("checkpoint complete", StringComparison.Ordinal));

        // Collected series stay in this checkpoint: segment 10 (current at GC time) may hold their samples.
        Assert.Equal(10, result.Checkpoint.TotalSeries);
        Assert.Equal(0, result.Checkpoint.DroppedSeries);

        var replayed = new SeriesRefs();
        using (var w = WalTestData.OpenWriter(tmp.Path, series: replayed))
        {
            Assert.Equal(6, w.Replay.CheckpointIndex);
            Assert.Equal(7, w.Replay.FirstSegment);
            Assert.Equal(0, w.Replay.SamplesOfUnknownSeries);
            Assert.Equal(12, w.Segment);
        }
        Assert.True(replayed.TryGetRef(labels[9], out var r9));
        Assert.True(replayed.TryGetLastTimestamp(r9, out var t9));
        Assert.Equal(11_000, t9);
        Assert.Equal(10UL, replayed.LastRef);
    }

    [Fact]
    public async Task PrepareCheckpointComplete_checkpointOnAnotherThreadWhileAppending_losesNothing()
    {
        using var tmp = new TempDirectory();
        var series = new SeriesRefs();
        var labels = Labels.FromStrings("__name__", "m");
        using var w = WalTestData.OpenWriter(tmp.Path, series: series);
        var r = series.GetOrCreate(labels, out _);
        w.AppendSeries(r, labels);
        for (var seg = 0; seg < 6; seg++)
        {
            w.AppendSample(r, seg, seg);
            w.Commit();
            series.UpdateLastTimestamp(r, seg);
            w.NextSegment();
        }

        var (plan, collected, _) = WalTruncator.Prepare(w, series, mint: 0);
        Assert.NotNull(plan);
        Assert.Equal(0, collected);
        var checkpoint = Task.Run(() => WalTruncator.Checkpoint(plan, w.Metrics), TestContext.Current.CancellationToken);
        for (var t = 100; t < 200; t++)
        {
            w.AppendSample(r, t, t);
            w.Commit();
        }
        var stats = await checkpoint;
        WalTruncator.Complete(w, series, plan);

        Assert.Equal(plan.Last, stats.Index);
        Assert.Equal(1, w.Metrics.CheckpointCreations);
        Assert.Equal(1, w.Metrics.CheckpointDeletions);
        var replayed = new SeriesRefs();
        using (WalTestData.OpenWriter(tmp.Path, series: replayed))
        {
        }
        Assert.True(replayed.TryGetLastTimestamp(r, out var last));
        Assert.Equal(199, last);
    }

    [Fact]
    public void Truncate_withFewSegments_onlyStartsANewSegment()
    {
        using var tmp = new TempDirectory();
        var series = new SeriesRefs();
        using var w = WalTestData.OpenWriter(tmp.Path, series: series);
        w.AppendSample(1, 1, 1);
        w.Commit();
        var result = WalTruncator.Truncate(w, series, mint: 0);
        Assert.Null(result.Checkpoint);
        Assert.Equal(1, result.NewSegment);
        Assert.Equal([0, 1], WalDirectory.ListSegments(tmp.Path));
        Assert.Equal(0, w.Metrics.CheckpointCreations);
    }
}
