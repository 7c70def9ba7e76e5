using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// One item of <see cref="ShardRouter"/>'s output, in WAL order: samples for shard <see cref="Shard"/> (parallel
/// arrays), or, with <see cref="Shard"/> -1 and no samples, a marker for a record that sent nothing. The last item
/// of a record carries <see cref="RecordEnd"/> (the WAL position after the record) and the highest sample timestamp
/// read up to there; earlier items of the same record carry null.
/// </summary>
public sealed record PendingAppend(
    int Shard,
    ImmutableArray<Labels> Series,
    ImmutableArray<long> TimestampsMs,
    ImmutableArray<double> Values,
    WalPosition? RecordEnd,
    long HighestTimestampMs)
{
    /// <summary>Samples in this item.</summary>
    public int Count => Series.Length;

    /// <summary>True for a marker of a record with nothing to send.</summary>
    public bool IsMarker => Shard < 0;
}
