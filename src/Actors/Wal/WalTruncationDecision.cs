using Scraper.Wal;

namespace Scraper.Actors.Wal;

/// <summary>What one endpoint has acknowledged, as the truncation actor last heard it.</summary>
internal sealed record EndpointAck(string RemoteName, string Url, WalPosition Acked, long AckedTimestampMs);

/// <summary>
/// The time-driven truncation's inputs to the appender, from what the endpoints acknowledged: the cutoff
/// (<see cref="WalTruncationPolicy.TruncationTimestamp"/> of the lowest acknowledged timestamp), the lowest
/// acknowledged segment (kept, with everything after it), and the max_wal_time cutoff below which data goes even if
/// unsent. Pure.
/// </summary>
internal static class WalTruncationDecision
{
    /// <summary>
    /// <paramref name="endpoints"/> are the configured ones, all reported. With none, the lowest acknowledged
    /// timestamp is 0 (Prometheus's agent without remote write: the cutoff is now - max_wal_time) and no segment is
    /// held back. <c>MayNeedForce</c> is true when some endpoint's acknowledged data is older than max_wal_time: only
    /// then can max_wal_time require deleting segments it has not acknowledged, which needs a look at the segments.
    /// </summary>
    public static (long Mint, int KeepFromSegment, long MaxCutoffMs, bool MayNeedForce) Plan(
        IReadOnlyCollection<EndpointAck> endpoints, long nowMs, WalTruncationOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        var normalized = options.Normalize();
        var maxCutoff = nowMs - (long)normalized.MaxWalTime.TotalMilliseconds;
        if (endpoints.Count == 0)
        {
            return (WalTruncationPolicy.TruncationTimestamp(0, nowMs, normalized), int.MaxValue, maxCutoff, false);
        }
        var lowestTs = long.MaxValue;
        var keepFrom = int.MaxValue;
        foreach (var e in endpoints)
        {
            lowestTs = Math.Min(lowestTs, e.AckedTimestampMs);
            keepFrom = Math.Min(keepFrom, e.Acked.Segment);
        }
        return (WalTruncationPolicy.TruncationTimestamp(lowestTs, nowMs, normalized), keepFrom, maxCutoff, lowestTs < maxCutoff);
    }
}
