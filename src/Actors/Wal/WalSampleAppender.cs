using Scraper.Wal;

namespace Scraper.Actors.Wal;

/// <summary>
/// The appender's decisions, without the actor: assigns series refs, stages a series record entry for every new
/// series before its samples, and drops samples that are not newer than their series' last one (out of order or
/// duplicate), as Prometheus's agent appender does. Staged data reaches the WAL at <see cref="WalWriter.Commit"/>,
/// which the owner calls once for everything staged meanwhile (group commit). One owner; not thread-safe.
/// </summary>
internal sealed class WalSampleAppender(WalWriter writer, SeriesRefs series)
{
    /// <summary>The WAL writer.</summary>
    public WalWriter Writer { get; } = writer;

    /// <summary>The series map (refs, labels, last timestamps).</summary>
    public SeriesRefs Series { get; } = series;

    /// <summary>Stages one append; returns how many samples were accepted and how many rejected as out of order.</summary>
    public (int Accepted, int OutOfOrder) Stage(AppendSamples batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var labels = batch.Series.AsSpan();
        var timestamps = batch.TimestampsMs.AsSpan();
        var values = batch.Values.AsSpan();
        if (timestamps.Length != labels.Length || values.Length != labels.Length)
        {
            throw new ArgumentException(
                $"append from {batch.TargetId}: {labels.Length} series, {timestamps.Length} timestamps and {values.Length} values", nameof(batch));
        }
        int accepted = 0, outOfOrder = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var seriesRef = Series.GetOrCreate(labels[i], out var created);
            if (created)
            {
                Writer.AppendSeries(seriesRef, labels[i]);
            }
            else if (Series.TryGetLastTimestamp(seriesRef, out var last) && timestamps[i] <= last)
            {
                outOfOrder++;
                continue;
            }
            Series.UpdateLastTimestamp(seriesRef, timestamps[i]);
            Writer.AppendSample(seriesRef, timestamps[i], values[i]);
            accepted++;
        }
        return (accepted, outOfOrder);
    }
}
