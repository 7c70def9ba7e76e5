using System.Collections.Immutable;
using Scraper.Actors.Tests.Support;
using Scraper.Actors.Wal;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.Tests.Wal;

public sealed class WalSampleAppenderTests : IDisposable
{
    private static readonly Labels A = Labels.FromStrings("__name__", "a", "job", "j");
    private static readonly Labels B = Labels.FromStrings("__name__", "b", "job", "j");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static AppendSamples Batch(params (Labels L, long T, double V)[] samples) =>
        new("t", [.. samples.Select(s => s.L)], [.. samples.Select(s => s.T)], [.. samples.Select(s => s.V)]);

    [Fact]
    public void Stage_writes_a_series_record_before_the_samples_of_a_new_series()
    {
        using (var writer = WalWriter.Open(new WalWriterOptions { Directory = _dir.Path, SyncPolicy = WalSyncPolicy.Never }))
        {
            var appender = new WalSampleAppender(writer, new SeriesRefs());
            Assert.Equal((2, 0), appender.Stage(Batch((A, 1000, 1), (B, 1000, 2))));
            writer.Commit();
            Assert.Equal((2, 0), appender.Stage(Batch((A, 2000, 3), (B, 2000, 4))));
            writer.Commit();
        }
        var wal = WalContents.Read(_dir.Path);
        Assert.Equal([WalRecordType.Series, WalRecordType.Samples, WalRecordType.Samples], wal.RecordTypes);
        Assert.Equal([A, B], wal.Series.Select(s => s.Labels));
        Assert.Equal([(A, 1000L, 1.0), (B, 1000L, 2.0), (A, 2000L, 3.0), (B, 2000L, 4.0)], wal.Samples.Select(s => (s.Labels, s.TimestampMs, s.Value)));
    }

    [Fact]
    public void Stage_rejects_samples_not_newer_than_the_series_last()
    {
        using var writer = WalWriter.Open(new WalWriterOptions { Directory = _dir.Path, SyncPolicy = WalSyncPolicy.Never });
        var series = new SeriesRefs();
        var appender = new WalSampleAppender(writer, series);
        appender.Stage(Batch((A, 1000, 1)));
        Assert.Equal((1, 2), appender.Stage(Batch((A, 1000, 9), (A, 999, 9), (A, 1001, 2))));
        Assert.True(series.TryGetRef(A, out var r));
        Assert.True(series.TryGetLastTimestamp(r, out var last));
        Assert.Equal(1001, last);
    }

    [Fact]
    public void Stage_rejects_arrays_of_different_lengths()
    {
        using var writer = WalWriter.Open(new WalWriterOptions { Directory = _dir.Path, SyncPolicy = WalSyncPolicy.Never });
        var appender = new WalSampleAppender(writer, new SeriesRefs());
        var bad = new AppendSamples("t", [A], [1, 2], ImmutableArray.Create(1.0));
        Assert.Throws<ArgumentException>(() => appender.Stage(bad));
    }
}
