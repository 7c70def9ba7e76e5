namespace Scraper.Wal;

/// <summary>
/// The truncation decisions of Prometheus agent (<c>tsdb/agent/db.go</c>), as pure functions of their inputs: when,
/// up to which timestamp, and which segments go into the checkpoint.
/// </summary>
public static class WalTruncationPolicy
{
    /// <summary>
    /// The cutoff below which samples may go: the lowest timestamp every remote endpoint has been sent, minus
    /// <see cref="WalTruncationOptions.MinWalTime"/> (not below 0), but never older than
    /// <see cref="WalTruncationOptions.MaxWalTime"/> before <paramref name="nowMs"/>, so an endpoint that is down for
    /// long does not make the WAL grow without bound. Series without a sample since the cutoff are collected.
    /// </summary>
    /// <param name="lowestSentTimestampMs">Lowest sent timestamp over all endpoints (0 when nothing was sent).</param>
    /// <param name="nowMs">Current time, milliseconds since the Unix epoch.</param>
    /// <param name="options">Settings; normalized first.</param>
    public static long TruncationTimestamp(long lowestSentTimestampMs, long nowMs, WalTruncationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Normalize();
        var ts = Math.Max(SaturatingSubtract(lowestSentTimestampMs, (long)o.MinWalTime.TotalMilliseconds), 0);
        var oldestAllowed = SaturatingSubtract(nowMs, (long)o.MaxWalTime.TotalMilliseconds);
        return Math.Max(ts, oldestAllowed);
    }

    /// <summary>True when a truncation is due: <see cref="WalTruncationOptions.TruncateFrequency"/> after the last one.</summary>
    public static bool IsDue(DateTimeOffset lastTruncation, DateTimeOffset now, WalTruncationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return now - lastTruncation >= options.Normalize().TruncateFrequency;
    }

    /// <summary>
    /// The segments to checkpoint, given the segment range before truncation starts a new segment: never the newest
    /// segment, and of the others only the lower two thirds (they hold mostly samples that are sent by now). Null
    /// when that leaves fewer than two segments: not worth a checkpoint yet.
    /// </summary>
    public static (int First, int Last)? CheckpointRange(int firstSegment, int lastSegment)
    {
        var last = lastSegment - 1;
        if (last < 0)
        {
            return null;
        }
        last = firstSegment + ((last - firstSegment) * 2 / 3);
        return last <= firstSegment ? null : (firstSegment, last);
    }

    private static long SaturatingSubtract(long a, long b)
    {
        var r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? long.MinValue : long.MaxValue) : r;
    }
}
