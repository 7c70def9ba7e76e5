namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// Prometheus's dynamic sharding (storage/remote queue_manager.go, <c>calculateDesiredShards</c> and
/// <c>shouldReshard</c>), as a pure type the watcher feeds and ticks every <see cref="UpdatePeriod"/>:
/// <list type="bullet">
/// <item>the time per sample is the send time per second over the samples sent per second;</item>
/// <item>the work is the incoming samples per second that survive relabeling, plus 5 % per second of the backlog
/// (the delay between the newest timestamp read and the newest sent, times the kept incoming rate);</item>
/// <item>desired shards = time per sample x work, rounded up; a change smaller than 30 % of the current count is
/// ignored, so is a decrease while more than 10 s behind, and the result is clamped to [min, max];</item>
/// <item>nothing changes before any sample went out, nor while the last finished send is older than the allowed
/// age (the receiver is failing: more shards would only retry harder).</item>
/// </list>
/// </summary>
public sealed class ShardCountCalculator
{
    /// <summary>How often Prometheus recomputes the shard count (<c>shardUpdateDuration</c>).</summary>
    public static readonly TimeSpan UpdatePeriod = TimeSpan.FromSeconds(10);

    /// <summary>Changes smaller than this fraction of the current count are ignored (<c>shardToleranceFraction</c>).</summary>
    public const double ToleranceFraction = 0.3;

    /// <summary>Share of the backlog to catch up on per second.</summary>
    public const double BacklogCatchupFraction = 0.05;

    /// <summary>No downsharding while the newest sent sample is more than this many seconds behind the newest read.</summary>
    public const double MaxDelayForDownshardSeconds = 10.0;

    private readonly int _minShards;
    private readonly int _maxShards;
    private readonly EwmaRate _in;
    private readonly EwmaRate _out;
    private readonly EwmaRate _dropped;
    private readonly EwmaRate _sendSeconds;

    /// <summary>A calculator bounded by <c>min_shards</c> and <c>max_shards</c>, ticked every <paramref name="period"/>.</summary>
    public ShardCountCalculator(int minShards, int maxShards, TimeSpan? period = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minShards);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShards, minShards);
        _minShards = minShards;
        _maxShards = maxShards;
        var p = period ?? UpdatePeriod;
        _in = new EwmaRate(p);
        _out = new EwmaRate(p);
        _dropped = new EwmaRate(p);
        _sendSeconds = new EwmaRate(p);
    }

    /// <summary>Samples read from the WAL (Prometheus's samples in).</summary>
    public void SamplesIn(long count) => _in.Add(count);

    /// <summary>Samples whose send finished, acknowledged or not (Prometheus counts both as out).</summary>
    public void SamplesOut(long count) => _out.Add(count);

    /// <summary>Samples dropped before sending (relabeling, unknown series).</summary>
    public void SamplesDropped(long count) => _dropped.Add(count);

    /// <summary>Time spent in one send (request and its retries).</summary>
    public void SendDuration(TimeSpan duration) => _sendSeconds.Add(duration.TotalSeconds);

    /// <summary>
    /// Ends the current period and decides. <paramref name="highestReadSeconds"/> and
    /// <paramref name="highestSentSeconds"/> are the newest sample timestamps read from the WAL and acknowledged by
    /// the receiver; <paramref name="lastSendAge"/> is the time since the last send finished and
    /// <paramref name="maxSendAge"/> the most that still counts as sending (Prometheus: 2 x batch_send_deadline).
    /// </summary>
    public ShardCountDecision Tick(
        int currentShards, double highestReadSeconds, double highestSentSeconds, TimeSpan lastSendAge, TimeSpan maxSendAge)
    {
        _in.Tick();
        _out.Tick();
        _dropped.Tick();
        _sendSeconds.Tick();

        var inRate = _in.Rate;
        var outRate = _out.Rate;
        if (outRate <= 0)
        {
            return new ShardCountDecision(currentShards, double.NaN, ShardCountReason.NothingSent);
        }
        var keptRatio = outRate / (_dropped.Rate + outRate);
        var delay = highestReadSeconds - highestSentSeconds;
        var pending = delay * inRate * keptRatio;
        var timePerSample = _sendSeconds.Rate / outRate;
        var desired = timePerSample * ((inRate * keptRatio) + (BacklogCatchupFraction * pending));

        var lower = currentShards * (1 - ToleranceFraction);
        var upper = currentShards * (1 + ToleranceFraction);
        var rounded = Math.Ceiling(desired);
        if (lower <= rounded && rounded <= upper)
        {
            return new ShardCountDecision(currentShards, desired, ShardCountReason.WithinTolerance);
        }
        var shards = (int)Math.Min(rounded, int.MaxValue);
        if (shards < currentShards && delay > MaxDelayForDownshardSeconds)
        {
            return new ShardCountDecision(currentShards, desired, ShardCountReason.TooFarBehind);
        }
        shards = Math.Clamp(shards, _minShards, _maxShards);
        if (shards == currentShards)
        {
            return new ShardCountDecision(currentShards, desired, ShardCountReason.AtBound);
        }
        if (lastSendAge > maxSendAge)
        {
            return new ShardCountDecision(currentShards, desired, ShardCountReason.SendsFailing);
        }
        return new ShardCountDecision(shards, desired, ShardCountReason.Reshard);
    }
}
