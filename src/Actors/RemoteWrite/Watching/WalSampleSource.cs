using Prometheus;
using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// The read side of a watcher: follows the WAL (<see cref="WalFollower"/>), keeps the series table up to date from
/// series records and feeds the samples of each record into a <see cref="ShardRouter"/>, ending every record read
/// from the segments with its WAL position. It decides what is sent: with a stored position, nothing from records
/// before it (only their series count); without one (a new endpoint), as Prometheus does, only samples newer than the
/// start until the end of the WAL is reached. Counts the watcher metrics of the endpoint as it goes. Blocking file
/// I/O: the owner calls <see cref="ReadOne"/> a bounded number of times per step. Not thread-safe: one owner.
/// </summary>
public sealed class WalSampleSource : IDisposable
{
    private readonly WalFollower _follower;
    private readonly SeriesTable _table;
    private readonly EndpointMetrics _metrics;
    private readonly Action<WalPosition, string>? _decodeFailed;
    private readonly RecordDecoder _decoder = new();
    private readonly List<RefSeries> _series = [];
    private readonly List<RefSample> _samples = [];
    private readonly Counter.Child?[] _recordsRead = new Counter.Child?[256];
    private WalPosition? _resumeFrom;
    private long _startTimestampMs;
    private long _samplesIn;
    private long _samplesDropped;

    /// <summary>
    /// A source over the WAL in <paramref name="walDirectory"/> that keeps <paramref name="table"/>;
    /// <paramref name="decodeFailed"/> hears of records that do not decode (skipped and counted).
    /// </summary>
    public WalSampleSource(string walDirectory, SeriesTable table, EndpointMetrics metrics, Action<WalPosition, string>? decodeFailed = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(metrics);
        _follower = new WalFollower(walDirectory);
        _table = table;
        _metrics = metrics;
        _decodeFailed = decodeFailed;
    }

    /// <summary>True once the end of the WAL was reached the first time (Prometheus's "tailing").</summary>
    public bool Tailing { get; private set; }

    /// <summary>The newest timestamp of a sample read for sending (long.MinValue before the first).</summary>
    public long HighestReadMs { get; private set; } = long.MinValue;

    /// <summary>Where the next WAL record starts.</summary>
    public WalPosition Position => _follower.Position;

    /// <summary>Index of the last checkpoint read (-1 when none).</summary>
    public int CheckpointIndex => _follower.CheckpointIndex;

    /// <summary>
    /// Opens the WAL. <paramref name="resumeFrom"/> is the stored send position (null for a new endpoint, which sends
    /// only samples newer than <paramref name="startTimestampMs"/> until it reaches the end of the WAL).
    /// </summary>
    public void Start(WalPosition? resumeFrom, long startTimestampMs)
    {
        _resumeFrom = resumeFrom;
        _startTimestampMs = startTimestampMs;
        _follower.Start(resumeFrom?.Segment);
    }

    /// <summary>
    /// Reads and handles one record. <see cref="FollowStatus.Record"/>: its samples (if any) are in
    /// <paramref name="router"/> and the record is ended there. <see cref="FollowStatus.EndOfData"/>: the caller waits
    /// for the writer. <see cref="FollowStatus.Truncated"/>: worth a warning; reading goes on.
    /// </summary>
    /// <exception cref="WalCorruptionException">The WAL cannot be read here; see <see cref="SkipCorruption"/>.</exception>
    public FollowStatus ReadOne(ShardRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        var status = _follower.Next();
        switch (status)
        {
            case FollowStatus.Record:
                HandleRecord(router);
                break;
            case FollowStatus.CheckpointRead:
                _table.ResetBefore(_follower.CheckpointIndex);
                break;
            case FollowStatus.EndOfData:
                Tailing = true;
                break;
        }
        return status;
    }

    /// <inheritdoc cref="WalFollower.SkipCorruption"/>
    public bool SkipCorruption(WalCorruptionException error) => _follower.SkipCorruption(error);

    /// <summary>Samples read for sending and samples dropped (unknown series, relabeled away) since the last call.</summary>
    public (long In, long Dropped) TakeCounts()
    {
        var counts = (_samplesIn, _samplesDropped);
        _samplesIn = 0;
        _samplesDropped = 0;
        return counts;
    }

    /// <summary>Closes the WAL files.</summary>
    public void Dispose() => _follower.Dispose();

    /// <summary>True while reading records before the stored position: only their series matter.</summary>
    private bool BeforeResumePosition => _resumeFrom is { } p && _follower.RecordStart < p;

    private void HandleRecord(ShardRouter router)
    {
        var type = _follower.RecordType;
        (_recordsRead[(byte)type] ??= _metrics.WatcherRecordsRead(TypeName(type))).Inc();
        var fromCheckpoint = _follower.FromCheckpoint;
        var skip = fromCheckpoint || BeforeResumePosition;
        try
        {
            if (type == WalRecordType.Series)
            {
                _series.Clear();
                _decoder.DecodeSeries(_follower.Record, _series);
                var segment = _follower.SeriesSegment;
                foreach (var s in _series)
                {
                    _table.Set(s.Ref, s.Labels, segment);
                }
            }
            else if (type == WalRecordType.Samples && !skip)
            {
                _samples.Clear();
                RecordDecoder.DecodeSamples(_follower.Record, _samples);
                Route(router);
            }
        }
        catch (WalRecordException e)
        {
            _metrics.WatcherDecodeFailures.Inc();
            _decodeFailed?.Invoke(_follower.RecordStart, e.Message);
        }
        if (!fromCheckpoint)
        {
            _metrics.WatcherCurrentSegment.Set(_follower.RecordStart.Segment);
            if (!skip)
            {
                router.EndRecord(_follower.Position, HighestReadMs);
            }
        }
    }

    private void Route(ShardRouter router)
    {
        var newerThan = _resumeFrom is null && !Tailing ? _startTimestampMs : long.MinValue;
        int read = 0, dropped = 0;
        var highest = HighestReadMs;
        foreach (var sample in _samples)
        {
            if (sample.T <= newerThan)
            {
                continue;
            }
            read++;
            highest = Math.Max(highest, sample.T);
            if (!_table.TryGet(sample.Ref, out var entry) || entry.Labels is null)
            {
                // Unknown ref (its series record is gone) or dropped by write relabeling: Prometheus counts both.
                dropped++;
                continue;
            }
            router.Add(entry.Labels, entry.Hash, sample.T, sample.V);
        }
        HighestReadMs = highest;
        _samplesIn += read;
        _samplesDropped += dropped;
        if (dropped > 0)
        {
            _metrics.SamplesDropped.Inc(dropped);
        }
        if (!Tailing && read > dropped)
        {
            _metrics.WatcherSamplesSentPreTailing.Inc(read - dropped);
        }
    }

    private static string TypeName(WalRecordType type) => type switch
    {
        WalRecordType.Series => "series",
        WalRecordType.Samples => "samples",
        WalRecordType.Exemplars => "exemplars",
        WalRecordType.Tombstones => "tombstones",
        WalRecordType.Metadata => "metadata",
        WalRecordType.HistogramSamples or WalRecordType.CustomBucketsHistogramSamples => "histogram_samples",
        WalRecordType.FloatHistogramSamples or WalRecordType.CustomBucketsFloatHistogramSamples => "float_histogram_samples",
        _ => "unknown",
    };
}
