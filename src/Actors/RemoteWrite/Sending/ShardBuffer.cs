using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.RemoteWrite.Sending;

/// <summary>
/// The samples one shard sender holds, in arrival order, and the sequence accounting of its appends. Samples stay
/// in the buffer until their batch is finished, so a retry can rebuild the batch (dropping samples that grew older
/// than <c>sample_age_limit</c> meanwhile) and nothing is lost before the receiver answered.
/// </summary>
/// <remarks>
/// The buffer has three parts, in order: finished appends (removed), the cut (the batch in flight: from the head
/// cursor to the send cursor) and the unsent rest. <see cref="Cut"/> moves the send cursor, <see cref="Finish"/>
/// moves the head cursor up to it. Appends are kept as they arrived (no per-sample objects). Owned by one actor.
/// </remarks>
internal sealed class ShardBuffer
{
    private readonly List<Entry> _entries = [];
    private int _head;
    private int _headOffset;
    private int _send;
    private int _sendOffset;

    /// <summary>Samples not yet cut into a batch.</summary>
    public int Unsent { get; private set; }

    /// <summary>Samples in the current cut (the batch in flight).</summary>
    public int InFlight { get; private set; }

    /// <summary>True when nothing is buffered and no append waits to be reported finished.</summary>
    public bool IsEmpty => Unsent == 0 && InFlight == 0 && _head == _entries.Count;

    /// <summary>The highest <see cref="ShardAppend.Seq"/> whose samples are all finished; -1 before the first.</summary>
    public long DoneUpToSeq { get; private set; } = -1;

    /// <summary>When the oldest unsent sample arrived (a <see cref="TimeProvider.GetTimestamp"/> value); null when none.</summary>
    public long? OldestUnsentArrival => Unsent == 0 ? null : _entries[_send].Arrival;

    /// <summary>True when appends ahead of the send cursor are finished without a batch (empty appends on an idle shard).</summary>
    public bool HasFinishedWithoutBatch => InFlight == 0 && _head < _send;

    /// <summary>Adds an append that arrived at <paramref name="arrival"/> (a timestamp of the actor's clock).</summary>
    public void Add(ShardAppend append, long arrival)
    {
        ArgumentNullException.ThrowIfNull(append);
        _entries.Add(new Entry(append, arrival));
        Unsent += append.TimestampsMs.Length;
        SkipConsumed();
    }

    /// <summary>Cuts the next batch of up to <paramref name="maxSamples"/> unsent samples; returns its size.</summary>
    public int Cut(int maxSamples)
    {
        if (InFlight != 0)
        {
            throw new InvalidOperationException("a batch is already cut");
        }
        var want = Math.Min(maxSamples, Unsent);
        var left = want;
        while (left > 0)
        {
            var available = _entries[_send].Append.TimestampsMs.Length - _sendOffset;
            var take = Math.Min(available, left);
            _sendOffset += take;
            left -= take;
            SkipConsumed();
        }
        Unsent -= want;
        InFlight = want;
        return want;
    }

    /// <summary>
    /// Adds the samples of the cut to an empty <paramref name="batch"/>, leaving out those older than
    /// <paramref name="minTimestampMs"/>; returns how many were left out.
    /// </summary>
    public int Fill(RemoteWriteBatch batch, long minTimestampMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var skipped = 0;
        var offset = _headOffset;
        for (var i = _head; i <= _send && i < _entries.Count; i++)
        {
            var append = _entries[i].Append;
            var end = i == _send ? _sendOffset : append.TimestampsMs.Length;
            var series = append.Series;
            var timestamps = append.TimestampsMs;
            var values = append.Values;
            for (var j = offset; j < end; j++)
            {
                var ts = timestamps[j];
                if (ts < minTimestampMs)
                {
                    skipped++;
                    continue;
                }
                batch.Add(series[j], ts, values[j]);
            }
            offset = 0;
        }
        return skipped;
    }

    /// <summary>
    /// Marks the cut finished (sent, or dropped and counted): appends wholly behind the send cursor are done and
    /// removed. Returns true when <see cref="DoneUpToSeq"/> moved.
    /// </summary>
    public bool Finish()
    {
        InFlight = 0;
        var moved = _head < _send;
        if (moved)
        {
            DoneUpToSeq = _entries[_send - 1].Append.Seq;
        }
        _head = _send;
        _headOffset = _sendOffset;
        Compact();
        return moved;
    }

    // Moves the send cursor over appends it has wholly passed, including empty ones: an empty append is finished
    // as soon as everything before it is.
    private void SkipConsumed()
    {
        while (_send < _entries.Count && _sendOffset == _entries[_send].Append.TimestampsMs.Length)
        {
            _send++;
            _sendOffset = 0;
        }
    }

    private void Compact()
    {
        // Drop finished entries once they are the larger part, so removal stays amortised O(1) per append.
        if (_head > 0 && _head >= _entries.Count / 2)
        {
            _entries.RemoveRange(0, _head);
            _send -= _head;
            _head = 0;
        }
    }

    private readonly record struct Entry(ShardAppend Append, long Arrival);
}
