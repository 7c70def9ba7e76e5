using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// The record stream a watcher reads, as Prometheus's wlog watcher walks the WAL: the last checkpoint first (only
/// its series matter to a watcher), then the segments after it, tailing the newest one. Each time reading moves to a
/// new segment it looks for a newer checkpoint and reads its series (<see cref="FollowStatus.CheckpointRead"/> then
/// lets the caller forget series that are gone). When truncation deleted the segment it was about to read, it goes
/// on from the last checkpoint and the first remaining segment. Reads block on file I/O: the owner bounds how many
/// records it takes per step. Not thread-safe: one owner.
/// </summary>
public sealed class WalFollower : IDisposable
{
    private readonly string _directory;
    private WalReader? _checkpoint;
    private WalReader? _segments;
    private int _currentSegment = -1;
    private bool _checkpointCheckDue;

    /// <summary>A follower of the WAL in <paramref name="directory"/>; call <see cref="Start"/> before reading.</summary>
    public WalFollower(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = directory;
    }

    /// <summary>Index of the last checkpoint read (-1 when none).</summary>
    public int CheckpointIndex { get; private set; } = -1;

    /// <summary>True when the current record comes from a checkpoint.</summary>
    public bool FromCheckpoint { get; private set; }

    /// <summary>The current record; valid until the next <see cref="Next"/>.</summary>
    public ReadOnlySpan<byte> Record => Current.Record;

    /// <summary>The current record's type.</summary>
    public WalRecordType RecordType => Current.RecordType;

    /// <summary>Where the current record starts (in the checkpoint's own segments when <see cref="FromCheckpoint"/>).</summary>
    public WalPosition RecordStart => Current.RecordStart;

    /// <summary>Where the next WAL record starts: the position after the last segment record read.</summary>
    public WalPosition Position => _segments?.Position ?? default;

    /// <summary>The segment that names series of the current record: the checkpoint's index, or the record's segment.</summary>
    public int SeriesSegment => FromCheckpoint ? CheckpointIndex : Current.RecordStart.Segment;

    private WalReader Current => (FromCheckpoint ? _checkpoint : _segments) ?? throw new InvalidOperationException("no current record");

    /// <summary>
    /// True when <paramref name="position"/> lies past the end of the WAL on disk: a later segment than any present,
    /// or beyond the size of the last one (the directory was replaced). A stored position like that cannot be resumed.
    /// </summary>
    public static bool IsBeyondEnd(string directory, WalPosition position)
    {
        var range = WalDirectory.SegmentRange(directory);
        if (range is not { } r)
        {
            return position > WalPosition.StartOf(0);
        }
        if (position.Segment != r.Last)
        {
            return position.Segment > r.Last;
        }
        var file = new FileInfo(WalFormat.SegmentPath(directory, r.Last));
        return file.Exists && position.Offset > file.Length;
    }

    /// <summary>
    /// Opens the last checkpoint (if any) and the segments after it, from their start. When
    /// <paramref name="resumeSegment"/> (the segment of a stored send position) still exists but the checkpoint
    /// already covers it (checkpointed, not yet deleted), reading starts there instead, so what follows the stored
    /// position in it is still sent.
    /// </summary>
    public void Start(int? resumeSegment = null)
    {
        CloseReaders();
        OpenLastCheckpoint();
        var first = WalDirectory.SegmentRange(_directory)?.First ?? 0;
        var start = Math.Max(first, CheckpointIndex + 1);
        if (resumeSegment is { } r && r >= first && r < start)
        {
            start = r;
        }
        _segments = new WalReader(_directory, WalPosition.StartOf(start));
        _currentSegment = -1;
        _checkpointCheckDue = false;
    }

    /// <summary>Advances to the next record.</summary>
    /// <exception cref="WalCorruptionException">A segment or checkpoint cannot be read; see <see cref="SkipCorruption"/>.</exception>
    public FollowStatus Next()
    {
        if (_segments is null)
        {
            throw new InvalidOperationException("Start the follower first");
        }
        while (true)
        {
            if (_checkpoint is not null)
            {
                if (_checkpoint.Next() == WalReadStatus.Record)
                {
                    FromCheckpoint = true;
                    return FollowStatus.Record;
                }
                _checkpoint.Dispose();
                _checkpoint = null;
                FromCheckpoint = false;
                return FollowStatus.CheckpointRead;
            }
            FromCheckpoint = false;
            if (_checkpointCheckDue)
            {
                _checkpointCheckDue = false;
                if (WalDirectory.LastCheckpoint(_directory) is { } c && c.Index > CheckpointIndex && c.Index < _currentSegment)
                {
                    OpenCheckpoint(c.Index, c.Path);
                    continue;
                }
            }
            switch (_segments.Next())
            {
                case WalReadStatus.Record:
                    var segment = _segments.RecordStart.Segment;
                    if (segment != _currentSegment)
                    {
                        _checkpointCheckDue = _currentSegment >= 0;
                        _currentSegment = segment;
                    }
                    return FollowStatus.Record;
                case WalReadStatus.SegmentTruncated:
                    // Whatever the deleted segments held beyond the checkpoint is gone; the checkpoint keeps their
                    // series (and samples at or above its cutoff, which a watcher does not send: like Prometheus's, it
                    // reads only series from checkpoints).
                    Start();
                    return FollowStatus.Truncated;
                default:
                    // A reader that has its segment open keeps reading it after truncation deleted it, and without a
                    // next segment on disk it takes the deleted one for the live one: catch that here.
                    var reading = _segments.Position.Segment;
                    if (!File.Exists(WalFormat.SegmentPath(_directory, reading))
                        && WalDirectory.SegmentRange(_directory) is { } range && range.First > reading)
                    {
                        Start();
                        return FollowStatus.Truncated;
                    }
                    return FollowStatus.EndOfData;
            }
        }
    }

    /// <summary>
    /// After a <see cref="WalCorruptionException"/>: skips a corrupt checkpoint, or the rest of a corrupt segment
    /// when a later segment exists (the records after the corruption in it are lost, as in Prometheus). Returns false
    /// when there is nothing to skip to yet (the newest segment): the caller retries later at the same place.
    /// </summary>
    public bool SkipCorruption(WalCorruptionException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (_checkpoint is not null)
        {
            _checkpoint.Dispose();
            _checkpoint = null;
            FromCheckpoint = false;
            return true;
        }
        var range = WalDirectory.SegmentRange(_directory);
        if (_segments is null || range is not { } r || error.Segment >= r.Last)
        {
            return false;
        }
        _segments.Dispose();
        _segments = new WalReader(_directory, WalPosition.StartOf(error.Segment + 1));
        return true;
    }

    /// <summary>Closes the open files.</summary>
    public void Dispose() => CloseReaders();

    private void OpenLastCheckpoint()
    {
        if (WalDirectory.LastCheckpoint(_directory) is { } c)
        {
            OpenCheckpoint(c.Index, c.Path);
        }
    }

    private void OpenCheckpoint(int index, string path)
    {
        _checkpoint?.Dispose();
        _checkpoint = new WalReader(path, WalPosition.StartOf(0), WalReaderOptions.SealedAll);
        CheckpointIndex = index;
    }

    private void CloseReaders()
    {
        _checkpoint?.Dispose();
        _checkpoint = null;
        _segments?.Dispose();
        _segments = null;
        FromCheckpoint = false;
    }
}
