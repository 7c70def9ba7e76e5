using Scraper.Actors.RemoteWrite;
using Scraper.Actors.RemoteWrite.Sending;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.Tests.RemoteWrite.Sending;

public sealed class ShardBufferTests
{
    private static ShardAppend Append(long seq, int from, int count) =>
        new(seq, [.. Enumerable.Repeat(TestSeries.Of("a"), count)], [.. Enumerable.Range(from, count).Select(i => (long)i)],
            [.. Enumerable.Range(from, count).Select(i => (double)i)]);

    private static List<long> CutAndFill(ShardBuffer buffer, int max, long minTimestampMs = long.MinValue)
    {
        buffer.Cut(max);
        var batch = new RemoteWriteBatch();
        buffer.Fill(batch, minTimestampMs);
        var decoded = new DecodedBatch(batch);
        return decoded.Timestamps;
    }

    [Fact]
    public void Cut_takes_samples_across_appends_in_order_and_finish_reports_only_wholly_sent_appends()
    {
        var buffer = new ShardBuffer();
        buffer.Add(Append(1, 0, 3), 0);
        buffer.Add(Append(2, 3, 2), 0);
        buffer.Add(Append(3, 5, 4), 0);
        Assert.Equal(9, buffer.Unsent);

        Assert.Equal([0L, 1, 2, 3], CutAndFill(buffer, 4));
        Assert.Equal((5, 4), (buffer.Unsent, buffer.InFlight));
        Assert.True(buffer.Finish());
        Assert.Equal(1, buffer.DoneUpToSeq);

        Assert.Equal([4L, 5, 6, 7], CutAndFill(buffer, 4));
        Assert.True(buffer.Finish());
        Assert.Equal(2, buffer.DoneUpToSeq);

        Assert.Equal([8L], CutAndFill(buffer, 4));
        Assert.True(buffer.Finish());
        Assert.Equal(3, buffer.DoneUpToSeq);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Cut_inside_one_large_append_leaves_it_unfinished_until_its_last_sample()
    {
        var buffer = new ShardBuffer();
        buffer.Add(Append(4, 0, 5), 0);
        Assert.Equal([0L, 1], CutAndFill(buffer, 2));
        Assert.False(buffer.Finish());
        Assert.Equal(-1, buffer.DoneUpToSeq);
        Assert.Equal([2L, 3], CutAndFill(buffer, 2));
        Assert.False(buffer.Finish());
        Assert.Equal([4L], CutAndFill(buffer, 2));
        Assert.True(buffer.Finish());
        Assert.Equal(4, buffer.DoneUpToSeq);
    }

    [Fact]
    public void Empty_append_is_finished_with_everything_before_it()
    {
        var buffer = new ShardBuffer();
        buffer.Add(Append(1, 0, 0), 0);
        Assert.True(buffer.HasFinishedWithoutBatch);
        Assert.True(buffer.Finish());
        Assert.Equal(1, buffer.DoneUpToSeq);

        buffer.Add(Append(2, 0, 2), 0);
        buffer.Add(Append(3, 0, 0), 0);
        Assert.False(buffer.HasFinishedWithoutBatch);
        CutAndFill(buffer, 10);
        Assert.True(buffer.Finish());
        Assert.Equal(3, buffer.DoneUpToSeq);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Fill_leaves_out_samples_older_than_the_limit_and_counts_them()
    {
        var buffer = new ShardBuffer();
        buffer.Add(Append(1, 0, 6), 0);
        buffer.Cut(6);
        var batch = new RemoteWriteBatch();
        Assert.Equal(3, buffer.Fill(batch, 3));
        Assert.Equal([3L, 4, 5], new DecodedBatch(batch).Timestamps);
    }

    [Fact]
    public void Oldest_unsent_arrival_is_that_of_the_first_append_not_yet_cut()
    {
        var buffer = new ShardBuffer();
        Assert.Null(buffer.OldestUnsentArrival);
        buffer.Add(Append(1, 0, 2), 100);
        buffer.Add(Append(2, 2, 2), 200);
        Assert.Equal(100, buffer.OldestUnsentArrival);
        buffer.Cut(1);
        Assert.Equal(100, buffer.OldestUnsentArrival);
        buffer.Finish();
        buffer.Cut(1);
        Assert.Equal(200, buffer.OldestUnsentArrival);
    }

    [Fact]
    public void Many_appends_finished_one_by_one_keep_their_order_through_compaction()
    {
        var buffer = new ShardBuffer();
        var next = 0;
        for (var seq = 0; seq < 200; seq++)
        {
            buffer.Add(Append(seq, seq * 3, 3), 0);
            if (seq % 3 == 2)
            {
                var got = CutAndFill(buffer, 4);
                Assert.Equal(Enumerable.Range(next, got.Count).Select(i => (long)i), got);
                next += got.Count;
                buffer.Finish();
                Assert.Equal((next / 3) - 1, buffer.DoneUpToSeq);
            }
        }
        while (buffer.Unsent > 0)
        {
            var got = CutAndFill(buffer, 4);
            Assert.Equal(Enumerable.Range(next, got.Count).Select(i => (long)i), got);
            next += got.Count;
            buffer.Finish();
        }
        Assert.Equal((600, 199L), (next, buffer.DoneUpToSeq));
        Assert.True(buffer.IsEmpty);
    }

    /// <summary>Reads a batch back through its 1.0 encoding.</summary>
    private sealed class DecodedBatch
    {
        public DecodedBatch(RemoteWriteBatch batch)
        {
            using var encoder = new RemoteWriteEncoder();
            var body = encoder.Encode(batch, RemoteWriteProtoMessage.V1WriteRequest);
            Timestamps = [.. RemoteWriteDecoder.DecodeV1(body.Span).Timeseries.SelectMany(t => t.Samples).Select(s => s.Timestamp)];
        }

        public List<long> Timestamps { get; }
    }
}
