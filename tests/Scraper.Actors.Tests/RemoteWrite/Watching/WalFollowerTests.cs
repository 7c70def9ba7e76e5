using Scraper.Actors.RemoteWrite.Watching;
using Scraper.Actors.Tests.Support;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.Tests.RemoteWrite.Watching;

public sealed class WalFollowerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly WalWriter _writer;

    public WalFollowerTests()
    {
        _writer = WalWriter.Open(new WalWriterOptions { Directory = _dir.Path, Compress = false, SyncPolicy = WalSyncPolicy.Never });
    }

    public void Dispose()
    {
        _writer.Dispose();
        _dir.Dispose();
    }

    private static List<(FollowStatus Status, WalRecordType Type, bool FromCheckpoint)> ReadToEnd(WalFollower f)
    {
        var seen = new List<(FollowStatus, WalRecordType, bool)>();
        while (true)
        {
            var s = f.Next();
            seen.Add((s, s == FollowStatus.Record ? f.RecordType : WalRecordType.Unknown, s == FollowStatus.Record && f.FromCheckpoint));
            if (s == FollowStatus.EndOfData)
            {
                return seen;
            }
        }
    }

    [Fact]
    public void Next_reads_a_newer_checkpoint_when_it_moves_to_the_next_segment()
    {
        _writer.AppendSeries(1, Labels.FromStrings("__name__", "a"));
        _writer.AppendSample(1, 1000, 1);
        _writer.Commit();
        using var follower = new WalFollower(_dir.Path);
        follower.Start();
        Assert.Equal(
            [(FollowStatus.Record, WalRecordType.Series, false), (FollowStatus.Record, WalRecordType.Samples, false), (FollowStatus.EndOfData, WalRecordType.Unknown, false)],
            ReadToEnd(follower));

        _writer.NextSegment();
        _writer.AppendSample(1, 2000, 2);
        _writer.Commit();
        WalCheckpoint.Create(_dir.Path, 0, 0, _ => true, long.MaxValue, compress: false);

        Assert.Equal(
            [
                (FollowStatus.Record, WalRecordType.Samples, false),
                (FollowStatus.Record, WalRecordType.Series, true),
                (FollowStatus.CheckpointRead, WalRecordType.Unknown, false),
                (FollowStatus.EndOfData, WalRecordType.Unknown, false),
            ],
            ReadToEnd(follower));
        Assert.Equal(0, follower.CheckpointIndex);
    }

    [Fact]
    public void IsBeyondEnd_is_true_only_past_the_last_segment()
    {
        _writer.AppendSeries(1, Labels.FromStrings("__name__", "a"));
        var end = _writer.Commit();
        Assert.False(WalFollower.IsBeyondEnd(_dir.Path, end));
        Assert.True(WalFollower.IsBeyondEnd(_dir.Path, new WalPosition(0, end.Offset + 1)));
        Assert.True(WalFollower.IsBeyondEnd(_dir.Path, WalPosition.StartOf(7)));
    }
}
