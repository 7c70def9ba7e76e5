using System.Collections.Immutable;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Wal;

/// <summary>Marker for the messages the node's <c>AppenderActor</c> handles.</summary>
public interface IAppenderCommand;

/// <summary>
/// One scrape's samples, or a retired target's stale markers: the three arrays are parallel and of equal length.
/// Sent by a scrape target actor to its node's <c>AppenderActor</c>; no reply. All of it was accepted by the
/// scrape (a failed scrape sends only its own series: up, scrape_* and stale markers). The appender assigns series
/// refs, drops and counts samples that are out of order or duplicate for their series (as Prometheus's agent does:
/// a timestamp not newer than the series' last), and commits with whatever else arrived meanwhile.
/// Series are cached <see cref="Labels"/> instances; the arrays are not touched by the sender after sending.
/// </summary>
public sealed record AppendSamples(
    string TargetId,
    ImmutableArray<Labels> Series,
    ImmutableArray<long> TimestampsMs,
    ImmutableArray<double> Values) : IAppenderCommand;

/// <summary>
/// Sent by the WAL truncation actor every truncate_frequency (and when the disk budget is exceeded); the
/// <c>AppenderActor</c> replies <see cref="WalTruncated"/>. It forgets series not written since
/// <paramref name="MinTimestampMs"/>, starts a new segment, checkpoints and deletes old segments the way
/// Prometheus's agent does (the lower two thirds), but never a segment at or above
/// <paramref name="KeepFromSegment"/>: the lowest segment some remote endpoint has not acknowledged yet. With
/// <paramref name="Force"/> (max_wal_time or --storage.agent.max-size exceeded) it deletes every segment below
/// <paramref name="KeepFromSegment"/>, ignoring the two-thirds rule; the caller counts what that drops.
/// </summary>
public sealed record TruncateWal(long MinTimestampMs, int KeepFromSegment, bool Force = false) : IAppenderCommand;

/// <summary>
/// Reply to <see cref="TruncateWal"/>. <paramref name="DeletedBelowSegment"/> is null when nothing was deleted;
/// <paramref name="Error"/> is set when the checkpoint failed (the segments are then left as they were).
/// </summary>
public sealed record WalTruncated(
    long MinTimestampMs,
    int? DeletedBelowSegment,
    int? CheckpointSegment,
    int SeriesCollected,
    string? Error);

/// <summary>Asks the <c>AppenderActor</c> for <see cref="WalStatus"/> (readiness, API, truncation decisions).</summary>
public sealed record GetWalStatus : IAppenderCommand
{
    /// <summary>The one instance.</summary>
    public static GetWalStatus Instance { get; } = new();
}

/// <summary>
/// Reply to <see cref="GetWalStatus"/>: the WAL directory, the oldest and newest segment on disk, the writer's
/// position after its last commit, the bytes the WAL takes on disk and the number of series in memory.
/// </summary>
public sealed record WalStatus(string Directory, int FirstSegment, int LastSegment, int WriterSegment, long WriterOffset,
    long SizeBytes, int ActiveSeries);
