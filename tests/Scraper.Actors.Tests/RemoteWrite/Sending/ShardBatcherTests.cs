using Scraper.Actors.Configuration;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.RemoteWrite.Sending;
using Scraper.Actors.Tests.Support;

namespace Scraper.Actors.Tests.RemoteWrite.Sending;

public sealed class ShardBatcherTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static ShardAppend Append(long seq, long timestampMs, int count) =>
        new(seq, [.. Enumerable.Repeat(TestSeries.Of("a"), count)], [.. Enumerable.Range(0, count).Select(i => timestampMs + i)],
            [.. Enumerable.Repeat(1.0, count)]);

    [Fact]
    public void Batch_is_due_when_full_or_when_the_deadline_of_the_oldest_unsent_sample_passed()
    {
        var time = new ManualTimeProvider(Start);
        var batcher = new ShardBatcher(new QueueOptions { MaxSamplesPerSend = 4, BatchSendDeadline = TimeSpan.FromSeconds(5) }, time);
        Assert.Null(batcher.UntilDeadline());

        Assert.True(batcher.Add(Append(1, 0, 2)));
        Assert.False(batcher.IsDue(force: false));
        Assert.True(batcher.IsDue(force: true));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(batcher.Add(Append(2, 0, 1)));
        Assert.Equal(TimeSpan.FromSeconds(2), batcher.UntilDeadline());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(batcher.IsDue(force: false));

        Assert.True(batcher.Start());
        Assert.False(batcher.IsDue(force: true));
        Assert.Null(batcher.UntilDeadline());
        var finished = batcher.Finish(delivered: true);
        Assert.Equal((3, 3, 3, 0, 0), (finished.Samples, finished.InRequest, finished.Sent, finished.Failed, finished.Aged));
        Assert.Equal(2, batcher.DoneUpToSeq);

        batcher.Add(Append(3, 0, 4));
        Assert.True(batcher.IsDue(force: false));
    }

    [Fact]
    public void Retry_rebuilds_the_batch_without_samples_that_aged_beyond_the_limit_meanwhile()
    {
        var time = new ManualTimeProvider(Start);
        var batcher = new ShardBatcher(new QueueOptions { MaxSamplesPerSend = 10, SampleAgeLimit = TimeSpan.FromMinutes(1) }, time);
        var now = Start.ToUnixTimeMilliseconds();
        batcher.Add(Append(1, now - 30_000, 2));
        batcher.Add(Append(2, now, 2));
        Assert.True(batcher.Start());
        Assert.False(batcher.RefillIfAged(out _));

        time.Advance(TimeSpan.FromSeconds(45));
        Assert.True(batcher.RefillIfAged(out var empty));
        Assert.False(empty);
        Assert.Equal(2, batcher.Batch.SampleCount);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(batcher.RefillIfAged(out empty));
        Assert.True(empty);
        var finished = batcher.Finish(delivered: false);
        Assert.Equal((4, 0, 0, 0, 4), (finished.Samples, finished.InRequest, finished.Sent, finished.Failed, finished.Aged));
        Assert.Equal(long.MinValue, batcher.HighestSentMs);
        Assert.Equal(2, batcher.DoneUpToSeq);
        Assert.True(batcher.IsEmpty);
    }
}
