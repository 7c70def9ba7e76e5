using Scraper.Protocol.Exposition;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Scrape;

/// <summary>
/// One target's scrape cache (Prometheus's <c>scrapeCache</c>): the raw series text of the body (metric name and
/// label set as written) maps to the series' final labels, so a series seen before costs one hash lookup over the
/// body bytes, no label parsing and no allocation. It also tracks which series were in the last successful scrape,
/// for staleness markers. Owned by one scrape actor; not thread-safe.
/// </summary>
internal sealed class ScrapeSeriesCache
{
    /// <summary>Prometheus forces a flush when a failing target's cache grew past twice its last good size plus this.</summary>
    private const int ForcedFlushSlack = 1000;

    private readonly Dictionary<byte[], SeriesEntry> _byKey = SeriesKeyComparer.CreateDictionary<SeriesEntry>();
    private readonly Dictionary<byte[], SeriesEntry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly HashSet<Labels> _currentLabels = [];
    private List<SeriesEntry> _previous = [];
    private List<SeriesEntry> _current = [];
    private int _successfulCount;
    private bool _compareByLabels;

    public ScrapeSeriesCache() => _lookup = _byKey.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The scrape iteration; advanced by <see cref="EndSucceeded"/> and <see cref="EndFailed"/>.</summary>
    public long Iteration { get; private set; }

    /// <summary>Raw series keys cached (kept and dropped).</summary>
    public int Count => _byKey.Count;

    /// <summary>Series of the last successful scrape that take part in staleness.</summary>
    public int PreviousCount => _previous.Count;

    /// <summary>Looks the raw series text up; marks the entry as seen in this iteration.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out SeriesEntry entry)
    {
        if (_lookup.TryGetValue(key, out entry!))
        {
            entry.LastSeen = Iteration;
            return true;
        }
        return false;
    }

    /// <summary>Caches a new raw series: its final labels, or null when metric relabeling drops it.</summary>
    public SeriesEntry Add(ReadOnlySpan<byte> key, Labels? labels)
    {
        var entry = new SeriesEntry(labels) { LastSeen = Iteration };
        _lookup[key] = entry;
        return entry;
    }

    /// <summary>Marks a series as present in this scrape for staleness (series with explicit timestamps are not).</summary>
    public void Track(SeriesEntry entry)
    {
        if (entry.TrackedIteration != Iteration)
        {
            entry.TrackedIteration = Iteration;
            _current.Add(entry);
        }
    }

    /// <summary>
    /// Calls <paramref name="stale"/> for each series of the last successful scrape that this scrape did not track:
    /// they vanished and get a staleness marker.
    /// </summary>
    public void ForEachVanished<TState>(ref TState state, StaleAction<TState> stale)
    {
        ArgumentNullException.ThrowIfNull(stale);
        if (_compareByLabels)
        {
            // After a reconfiguration the cache was emptied, so entries differ: compare by final labels instead.
            _currentLabels.Clear();
            foreach (var e in _current)
            {
                _currentLabels.Add(e.Labels!);
            }
            foreach (var e in _previous)
            {
                if (!_currentLabels.Contains(e.Labels!))
                {
                    stale(ref state, e.Labels!);
                }
            }
            _currentLabels.Clear();
            return;
        }
        foreach (var e in _previous)
        {
            if (e.TrackedIteration != Iteration)
            {
                stale(ref state, e.Labels!);
            }
        }
    }

    /// <summary>Calls <paramref name="stale"/> for every series of the last successful scrape (failure, retirement).</summary>
    public void ForEachPrevious<TState>(ref TState state, StaleAction<TState> stale)
    {
        ArgumentNullException.ThrowIfNull(stale);
        foreach (var e in _previous)
        {
            stale(ref state, e.Labels!);
        }
    }

    /// <summary>
    /// Ends a successful scrape: forgets raw keys not seen in it (series churn, several spellings of a series), and
    /// makes this scrape's series the reference for the next one.
    /// </summary>
    public void EndSucceeded()
    {
        Flush();
        _successfulCount = _byKey.Count;
        _compareByLabels = false;
        Swap();
    }

    /// <summary>
    /// Ends a failed scrape, whose series were all marked stale: nothing is the reference any more. Returns true when
    /// the cache had to be flushed because a failing target kept adding keys (Prometheus's forced flush).
    /// </summary>
    public bool EndFailed()
    {
        _current.Clear();
        var forced = _byKey.Count > (_successfulCount * 2) + ForcedFlushSlack;
        if (forced)
        {
            Flush();
        }
        _compareByLabels = false;
        Swap();
        return forced;
    }

    /// <summary>
    /// Forgets every raw key (the target's labels or relabeling changed, so final labels may differ) but keeps the
    /// last scrape's series, compared by labels at the next scrape, so only series whose labels changed go stale.
    /// </summary>
    public void Reset()
    {
        _byKey.Clear();
        _successfulCount = 0;
        _compareByLabels = _previous.Count > 0;
    }

    private void Flush()
    {
        foreach (var (key, e) in _byKey)
        {
            if (e.LastSeen != Iteration)
            {
                _byKey.Remove(key);
            }
        }
    }

    private void Swap()
    {
        (_previous, _current) = (_current, _previous);
        _current.Clear();
        Iteration++;
    }
}

/// <summary>Receives a series that needs a staleness marker.</summary>
internal delegate void StaleAction<TState>(ref TState state, Labels labels);

/// <summary>A cached raw series: its final labels (null: dropped by relabeling) and per-iteration bookkeeping.</summary>
internal sealed class SeriesEntry(Labels? labels)
{
    /// <summary>Final labels, or null when metric relabeling drops the series.</summary>
    public Labels? Labels { get; } = labels;

    /// <summary>Iteration in which the raw key was last seen (flush bookkeeping).</summary>
    public long LastSeen { get; set; } = -1;

    /// <summary>Iteration in which a sample of this series was last taken (duplicate detection).</summary>
    public long SampledIteration { get; set; } = -1;

    /// <summary>Iteration in which the series was last tracked for staleness.</summary>
    public long TrackedIteration { get; set; } = -1;

    /// <summary>Newest explicit timestamp written for the series (honor_timestamps), for out-of-order checks.</summary>
    public long LastExplicitTimestampMs { get; set; } = long.MinValue;
}
