using Scraper.Actors.Configuration;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.RemoteWrite.Sending;

/// <summary>
/// The batching decisions of one shard sender, without the actor: when a batch is due (full, past
/// <c>batch_send_deadline</c> since the oldest unsent sample arrived, or forced by a flush), which samples go in it
/// (<c>max_samples_per_send</c>, leaving out those beyond <c>sample_age_limit</c> at send time), and what a
/// finished batch counts as. One batch at a time. Times come from the owner's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ShardBatcher
{
    private readonly QueueOptions _queue;
    private readonly TimeProvider _time;
    private readonly ShardBuffer _buffer = new();
    private int _aged;
    private long _started;

    /// <summary>A batcher for <paramref name="queue"/>.</summary>
    public ShardBatcher(QueueOptions queue, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(time);
        _queue = queue;
        _time = time;
        MaxSamples = Math.Max(1, queue.MaxSamplesPerSend);
        Batch = new RemoteWriteBatch(MaxSamples);
    }

    /// <summary>Samples per request at most.</summary>
    public int MaxSamples { get; }

    /// <summary>The batch being sent, while <see cref="InBatch"/>.</summary>
    public RemoteWriteBatch Batch { get; }

    /// <summary>True from <see cref="Start"/> until <see cref="Finish"/>.</summary>
    public bool InBatch { get; private set; }

    /// <summary>Samples not finished: unsent or in the current batch.</summary>
    public int Unfinished => _buffer.Unsent + _buffer.InFlight;

    /// <summary>True when nothing is buffered, in flight, or waiting to be reported.</summary>
    public bool IsEmpty => !InBatch && _buffer.IsEmpty;

    /// <summary>See <see cref="ShardBuffer.DoneUpToSeq"/>.</summary>
    public long DoneUpToSeq => _buffer.DoneUpToSeq;

    /// <summary>Highest timestamp of the finished batches that had a request; <see cref="long.MinValue"/> before any.</summary>
    public long HighestSentMs { get; private set; } = long.MinValue;

    /// <summary>Buffers <paramref name="append"/>; true when it brought the first unsent samples (a deadline starts).</summary>
    public bool Add(ShardAppend append)
    {
        var hadUnsent = _buffer.Unsent > 0;
        _buffer.Add(append, _time.GetTimestamp());
        return !hadUnsent && _buffer.Unsent > 0;
    }

    /// <summary>Finishes empty appends that nothing unfinished precedes; true when there were any (report progress).</summary>
    public bool FinishEmptyAppends() => !InBatch && _buffer.HasFinishedWithoutBatch && _buffer.Finish();

    /// <summary>True when a batch should start now: unsent samples and a full batch, a forced send, or the deadline.</summary>
    public bool IsDue(bool force) =>
        !InBatch && _buffer.Unsent > 0 && (force || _buffer.Unsent >= MaxSamples || UntilDeadline() <= TimeSpan.Zero);

    /// <summary>Time left until the oldest unsent sample's deadline (zero or less: due); null when nothing is unsent.</summary>
    public TimeSpan? UntilDeadline() =>
        _buffer.OldestUnsentArrival is { } oldest ? _queue.BatchSendDeadline - _time.GetElapsedTime(oldest) : null;

    /// <summary>
    /// Cuts the next batch and fills <see cref="Batch"/>; false when every sample was beyond the age limit, in which
    /// case the caller finishes the batch without a request.
    /// </summary>
    public bool Start()
    {
        _buffer.Cut(MaxSamples);
        InBatch = true;
        _started = _time.GetTimestamp();
        return Fill();
    }

    /// <summary>
    /// Before a retry: rebuilds <see cref="Batch"/> when samples in it have grown older than the age limit meanwhile.
    /// Returns true when it rebuilt (re-encode); <paramref name="empty"/> says nothing is left to send.
    /// </summary>
    public bool RefillIfAged(out bool empty)
    {
        empty = false;
        if (_queue.SampleAgeLimit <= TimeSpan.Zero || Batch.LowestTimestampMs >= MinTimestampMs())
        {
            return false;
        }
        empty = !Fill();
        return true;
    }

    /// <summary>Ends the batch: delivered (acknowledged) or not (dropped for good), and moves the buffer on.</summary>
    public FinishedBatch Finish(bool delivered)
    {
        var inRequest = Batch.SampleCount;
        if (inRequest > 0)
        {
            HighestSentMs = Math.Max(HighestSentMs, Batch.HighestTimestampMs);
        }
        var finished = new FinishedBatch(
            _buffer.InFlight, inRequest, delivered ? inRequest : 0, delivered ? 0 : inRequest, _aged, _time.GetElapsedTime(_started));
        _buffer.Finish();
        Batch.Clear();
        _aged = 0;
        InBatch = false;
        return finished;
    }

    private bool Fill()
    {
        Batch.Clear();
        _aged = _buffer.Fill(Batch, MinTimestampMs());
        return Batch.SampleCount > 0;
    }

    // Prometheus drops a sample when now - timestamp > sample_age_limit.
    private long MinTimestampMs() => _queue.SampleAgeLimit > TimeSpan.Zero
        ? _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_queue.SampleAgeLimit.TotalMilliseconds
        : long.MinValue;
}

/// <summary>What a finished batch amounted to (see <see cref="ShardBatcher.Finish"/>).</summary>
/// <param name="Samples">Samples the batch covered in the buffer.</param>
/// <param name="InRequest">Samples that went into the request (not beyond the age limit).</param>
/// <param name="Sent">Samples the receiver acknowledged.</param>
/// <param name="Failed">Samples the receiver refused for good.</param>
/// <param name="Aged">Samples left out for <c>sample_age_limit</c>.</param>
/// <param name="Duration">From the first attempt to the end, backoff included (Prometheus's data-out duration).</param>
internal readonly record struct FinishedBatch(int Samples, int InRequest, int Sent, int Failed, int Aged, TimeSpan Duration);
