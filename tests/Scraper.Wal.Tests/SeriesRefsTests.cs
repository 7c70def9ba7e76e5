using Scraper.Protocol.Model;

namespace Scraper.Wal.Tests;

public class SeriesRefsTests
{
    private static readonly Labels A = Labels.FromStrings("__name__", "a");
    private static readonly Labels B = Labels.FromStrings("__name__", "b");

    [Fact]
    public void GetOrCreate_newLabels_assignsIncreasingRefsOnce()
    {
        var s = new SeriesRefs();
        Assert.Equal(1UL, s.GetOrCreate(A, out var c1));
        Assert.Equal(2UL, s.GetOrCreate(B, out var c2));
        Assert.Equal(1UL, s.GetOrCreate(Labels.FromStrings("__name__", "a"), out var c3));
        Assert.Equal((true, true, false), (c1, c2, c3));
        Assert.True(s.TryGetLabels(2, out var l));
        Assert.Equal(B, l);
        Assert.Equal(2, s.Count);
    }

    [Fact]
    public void UpdateLastTimestamp_keepsTheMaximum()
    {
        var s = new SeriesRefs();
        var r = s.GetOrCreate(A, out _);
        Assert.True(s.TryGetLastTimestamp(r, out var t0));
        Assert.Equal(long.MinValue, t0);
        s.UpdateLastTimestamp(r, 10);
        s.UpdateLastTimestamp(r, 5);
        Assert.True(s.TryGetLastTimestamp(r, out var t));
        Assert.Equal(10, t);
        Assert.False(s.UpdateLastTimestamp(42, 1));
    }

    [Fact]
    public void GarbageCollect_dropsSeriesSilentSinceMintAndKeepsThemForLaterSegments()
    {
        var s = new SeriesRefs();
        var ra = s.GetOrCreate(A, out _);
        var rb = s.GetOrCreate(B, out _);
        s.UpdateLastTimestamp(ra, 100);
        s.UpdateLastTimestamp(rb, 200);

        Assert.Equal(1, s.GarbageCollect(mint: 150, lastSegment: 7));
        Assert.False(s.TryGetRef(A, out _));
        Assert.True(s.TryGetRef(B, out _));
        Assert.Equal(1, s.PendingDeletion);

        // Segment 7 may still hold samples of the dropped series: checkpoints up to 6 keep its series record.
        Assert.True(s.KeepInCheckpoint(ra, 6));
        Assert.False(s.KeepInCheckpoint(ra, 7));
        Assert.True(s.KeepInCheckpoint(rb, 100));
        Assert.False(s.KeepInCheckpoint(999, 0));

        Assert.Equal([ra, rb], s.CheckpointKeepSet(6).Order());
        Assert.Equal([rb], s.CheckpointKeepSet(7));

        s.ForgetDeleted(6);
        Assert.Equal(1, s.PendingDeletion);
        s.ForgetDeleted(7);
        Assert.Equal(0, s.PendingDeletion);

        // The same labels come back as a new series with a new ref.
        Assert.Equal(3UL, s.GetOrCreate(A, out var created));
        Assert.True(created);
    }

    [Fact]
    public void AddReplayed_sameLabelsUnderANewerRef_mapsLabelsToTheNewerRef()
    {
        var s = new SeriesRefs();
        s.AddReplayed(3, A);
        s.AddReplayed(8, A);
        s.AddReplayed(3, B); // a ref seen before keeps its labels
        Assert.True(s.TryGetRef(A, out var r));
        Assert.Equal(8UL, r);
        Assert.True(s.TryGetLabels(3, out var l3));
        Assert.Equal(A, l3);
        Assert.Equal(8UL, s.LastRef);
        Assert.True(s.TryGetLastTimestamp(8, out var t));
        Assert.Equal(0, t);
    }
}
