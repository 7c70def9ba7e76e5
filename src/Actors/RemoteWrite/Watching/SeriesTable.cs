using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// The watcher's ref -> series table (Prometheus's <c>seriesLabels</c> in the queue manager). A series is processed
/// once, when its series record is read: external labels are added (a label the series has already wins, as in
/// Prometheus), then write_relabel_configs run; a series they drop (or leave empty) is kept as dropped, so its
/// samples are counted and skipped without relabeling again. The hash of the final labels, which picks the shard,
/// is computed once too. Each entry remembers the last segment that mentioned it, so series no checkpoint kept can
/// be forgotten (<see cref="ResetBefore"/>). Not thread-safe: one owner.
/// </summary>
public sealed class SeriesTable
{
    private readonly Dictionary<ulong, SeriesEntry> _byRef = [];
    private readonly Labels _external;
    private readonly ImmutableArray<RelabelConfig> _relabel;

    /// <summary>A table that applies <paramref name="externalLabels"/> and then <paramref name="writeRelabelConfigs"/>.</summary>
    public SeriesTable(Labels externalLabels, ImmutableArray<RelabelConfig> writeRelabelConfigs)
    {
        ArgumentNullException.ThrowIfNull(externalLabels);
        _external = externalLabels;
        _relabel = writeRelabelConfigs.IsDefault ? [] : writeRelabelConfigs;
    }

    /// <summary>Series known.</summary>
    public int Count => _byRef.Count;

    /// <summary>
    /// Records the series <paramref name="seriesRef"/> with its WAL labels, read in <paramref name="segment"/>. A ref
    /// already known keeps its processed labels (a WAL never reuses a ref for other labels) and only moves its segment.
    /// </summary>
    public void Set(ulong seriesRef, Labels labels, int segment)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_byRef, seriesRef, out var exists);
        if (exists)
        {
            entry = entry with { Segment = Math.Max(entry.Segment, segment) };
            return;
        }
        var final = Relabeler.Process(WithExternalLabels(labels, _external), _relabel);
        entry = final is null || final.Count == 0
            ? new SeriesEntry(null, 0, segment)
            : new SeriesEntry(final, final.Hash(), segment);
    }

    /// <summary>The entry of <paramref name="seriesRef"/>; false when no series record named it.</summary>
    public bool TryGet(ulong seriesRef, out SeriesEntry entry) => _byRef.TryGetValue(seriesRef, out entry);

    /// <summary>
    /// Forgets series last mentioned before <paramref name="segment"/> (Prometheus's <c>SeriesReset</c>): after a
    /// checkpoint covering the segments below it, a series it did not keep has no samples left to come.
    /// Returns how many were removed.
    /// </summary>
    public int ResetBefore(int segment)
    {
        var removed = 0;
        foreach (var (r, e) in _byRef)
        {
            if (e.Segment < segment)
            {
                _byRef.Remove(r);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>
    /// <paramref name="series"/> plus every external label whose name it does not have (the series' own value wins).
    /// Returns <paramref name="series"/> itself when nothing is added.
    /// </summary>
    public static Labels WithExternalLabels(Labels series, Labels external)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(external);
        if (external.Count == 0)
        {
            return series;
        }
        LabelsBuilder? builder = null;
        foreach (var l in external)
        {
            if (!series.Has(l.Name))
            {
                (builder ??= series.ToBuilder()).Set(l.Name, l.Value);
            }
        }
        return builder?.ToLabels() ?? series;
    }
}
