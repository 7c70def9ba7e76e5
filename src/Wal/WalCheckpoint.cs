using System.Globalization;
using Scraper.Protocol.Buffers;

namespace Scraper.Wal;

/// <summary>
/// Checkpoints as Prometheus makes them: <c>checkpoint.NNNNNNNN</c> (NNNNNNNN = the last segment covered) is a
/// directory of segments in the WAL's own format holding the series records still needed and the samples at or
/// above a cutoff time, from the previous checkpoint and the segments it replaces. It is written to a
/// <c>.tmp</c> directory, fsynced and renamed, so a crash leaves either the old or the new checkpoint.
/// </summary>
public static class WalCheckpoint
{
    /// <summary>Checkpoint records are flushed to the checkpoint's writer in batches of about this size.</summary>
    private const int BatchBytes = 1 << 20;

    /// <summary>
    /// Creates checkpoint <paramref name="to"/> from the last checkpoint (if any) and segments
    /// <paramref name="from"/>..<paramref name="to"/> of <paramref name="walDirectory"/>. Keeps series records whose
    /// ref <paramref name="keepSeries"/> accepts, samples, histograms and exemplars at or after
    /// <paramref name="mint"/>, tombstones reaching <paramref name="mint"/>, and the latest metadata of kept series.
    /// Corruption in what it reads throws <see cref="WalCorruptionException"/> and leaves no checkpoint behind.
    /// </summary>
    public static CheckpointStats Create(
        string walDirectory, int from, int to, Func<ulong, bool> keepSeries, long mint, bool compress)
    {
        ArgumentException.ThrowIfNullOrEmpty(walDirectory);
        ArgumentNullException.ThrowIfNull(keepSeries);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"checkpoint range ends before it starts at {from}");
        }

        var previous = WalDirectory.LastCheckpoint(walDirectory);
        if (previous is { } p)
        {
            if (from > p.Index + 1)
            {
                throw new InvalidOperationException(
                    Invariant($"unexpected gap to the last checkpoint {p.Index}: segments from {p.Index + 1} expected, {from} requested"));
            }
            // Segments the previous checkpoint covers are in it already (they should not exist any more).
            from = p.Index + 1;
        }

        DeleteTemporary(walDirectory);
        var path = WalFormat.CheckpointPath(walDirectory, to);
        var temporary = path + WalFormat.TemporarySuffix;
        System.IO.Directory.CreateDirectory(temporary);
        try
        {
            using var copier = new Copier(keepSeries, mint);
            var options = new WalWriterOptions
            {
                Directory = temporary,
                Compress = compress,
                // fsync once, when the writer is disposed.
                SyncPolicy = WalSyncPolicy.Interval,
                SyncInterval = TimeSpan.MaxValue,
            };
            using (var writer = WalWriter.Open(options))
            {
                if (previous is { } prev)
                {
                    using var reader = new WalReader(prev.Path, WalPosition.StartOf(0), WalReaderOptions.SealedAll);
                    copier.CopyAll(reader, writer);
                }
                if (from <= to)
                {
                    using var reader = new WalReader(
                        walDirectory, WalPosition.StartOf(from), new WalReaderOptions { Sealed = true, LastSegment = to, BufferPages = 16 });
                    copier.CopyAll(reader, writer);
                }
                copier.Finish(writer);
            }
            NativeFileSystem.SyncDirectory(temporary);
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            System.IO.Directory.Move(temporary, path);
            NativeFileSystem.SyncDirectory(walDirectory);
            return copier.Stats(to, path);
        }
        catch
        {
            try
            {
                System.IO.Directory.Delete(temporary, recursive: true);
            }
            catch (IOException)
            {
                // The next checkpoint or open deletes leftover temporary directories.
            }
            throw;
        }
    }

    /// <summary>Deletes checkpoints with an index below <paramref name="index"/>.</summary>
    public static void DeleteBelow(string walDirectory, int index)
    {
        foreach (var (i, path) in WalDirectory.ListCheckpoints(walDirectory))
        {
            if (i >= index)
            {
                break;
            }
            System.IO.Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>Deletes <c>checkpoint.*.tmp</c> directories an interrupted checkpoint left.</summary>
    public static void DeleteTemporary(string walDirectory)
    {
        if (!System.IO.Directory.Exists(walDirectory))
        {
            return;
        }
        foreach (var dir in System.IO.Directory.EnumerateDirectories(
                     walDirectory, WalFormat.CheckpointPrefix + "*" + WalFormat.TemporarySuffix))
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Filters records and re-encodes what is kept, batching writes.</summary>
    private sealed class Copier(Func<ulong, bool> keepSeries, long mint) : IDisposable
    {
        private readonly RecordDecoder _decoder = new();
        private readonly PooledBufferWriter _out = new(64 * 1024);
        private readonly List<RefSeries> _series = [];
        private readonly List<RefSample> _samples = [];
        private readonly List<RefHistogramSample> _histograms = [];
        private readonly List<RefFloatHistogramSample> _floatHistograms = [];
        private readonly List<RefTombstone> _tombstones = [];
        private readonly List<RefExemplar> _exemplars = [];
        private readonly List<RefMetadata> _metadata = [];
        private readonly Dictionary<ulong, RefMetadata> _latestMetadata = [];
        private long _pending;
        private long _totalSeries, _droppedSeries, _totalSamples, _droppedSamples, _totalTombstones, _droppedTombstones;
        private long _totalExemplars, _droppedExemplars, _totalMetadata, _droppedMetadata;

        public void CopyAll(WalReader reader, WalWriter writer)
        {
            while (reader.Next() == WalReadStatus.Record)
            {
                try
                {
                    Copy(reader.Record, writer);
                }
                catch (WalRecordException e)
                {
                    throw new WalCorruptionException(reader.Directory, reader.RecordStart.Segment, reader.RecordStart.Offset, e.Message, e);
                }
                if (_pending >= BatchBytes)
                {
                    writer.Commit();
                    _pending = 0;
                }
            }
        }

        public void Finish(WalWriter writer)
        {
            if (_latestMetadata.Count > 0)
            {
                _metadata.Clear();
                _metadata.AddRange(_latestMetadata.Values);
                _metadata.Sort((a, b) => a.Ref.CompareTo(b.Ref));
                _out.Reset();
                RecordEncoder.Metadata(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_metadata), _out);
                writer.AppendRecord(_out.WrittenSpan);
            }
            writer.Commit();
        }

        public void Dispose() => _out.Dispose();

        public CheckpointStats Stats(int index, string path) => new()
        {
            Index = index,
            Path = path,
            TotalSeries = _totalSeries,
            DroppedSeries = _droppedSeries,
            TotalSamples = _totalSamples,
            DroppedSamples = _droppedSamples,
            TotalTombstones = _totalTombstones,
            DroppedTombstones = _droppedTombstones,
            TotalExemplars = _totalExemplars,
            DroppedExemplars = _droppedExemplars,
            TotalMetadata = _totalMetadata,
            DroppedMetadata = _droppedMetadata,
        };

        private void Copy(ReadOnlySpan<byte> record, WalWriter writer)
        {
            _out.Reset();
            var type = RecordDecoder.TypeOf(record);
            switch (type)
            {
                case WalRecordType.Series:
                    _series.Clear();
                    _decoder.DecodeSeries(record, _series);
                    var droppedSeries = _series.RemoveAll(s => !keepSeries(s.Ref));
                    _totalSeries += _series.Count + droppedSeries;
                    _droppedSeries += droppedSeries;
                    if (_series.Count > 0)
                    {
                        RecordEncoder.Series(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_series), _out);
                    }
                    break;
                case WalRecordType.Samples:
                    _samples.Clear();
                    RecordDecoder.DecodeSamples(record, _samples);
                    var droppedSamples = _samples.RemoveAll(s => s.T < mint);
                    _totalSamples += _samples.Count + droppedSamples;
                    _droppedSamples += droppedSamples;
                    if (_samples.Count > 0)
                    {
                        RecordEncoder.Samples(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_samples), _out);
                    }
                    break;
                case WalRecordType.HistogramSamples or WalRecordType.CustomBucketsHistogramSamples:
                    _histograms.Clear();
                    RecordDecoder.DecodeHistograms(record, _histograms);
                    var droppedHistograms = _histograms.RemoveAll(h => h.T < mint);
                    _totalSamples += _histograms.Count + droppedHistograms;
                    _droppedSamples += droppedHistograms;
                    if (_histograms.Count > 0)
                    {
                        RecordEncoder.Histograms(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_histograms), _out, type);
                    }
                    break;
                case WalRecordType.FloatHistogramSamples or WalRecordType.CustomBucketsFloatHistogramSamples:
                    _floatHistograms.Clear();
                    RecordDecoder.DecodeFloatHistograms(record, _floatHistograms);
                    var droppedFloat = _floatHistograms.RemoveAll(h => h.T < mint);
                    _totalSamples += _floatHistograms.Count + droppedFloat;
                    _droppedSamples += droppedFloat;
                    if (_floatHistograms.Count > 0)
                    {
                        RecordEncoder.FloatHistograms(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_floatHistograms), _out, type);
                    }
                    break;
                case WalRecordType.Tombstones:
                    _tombstones.Clear();
                    RecordDecoder.DecodeTombstones(record, _tombstones);
                    var droppedTombstones = _tombstones.RemoveAll(t => t.MaxT < mint);
                    _totalTombstones += _tombstones.Count + droppedTombstones;
                    _droppedTombstones += droppedTombstones;
                    if (_tombstones.Count > 0)
                    {
                        RecordEncoder.Tombstones(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_tombstones), _out);
                    }
                    break;
                case WalRecordType.Exemplars:
                    _exemplars.Clear();
                    _decoder.DecodeExemplars(record, _exemplars);
                    var droppedExemplars = _exemplars.RemoveAll(e => e.T < mint);
                    _totalExemplars += _exemplars.Count + droppedExemplars;
                    _droppedExemplars += droppedExemplars;
                    if (_exemplars.Count > 0)
                    {
                        RecordEncoder.Exemplars(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_exemplars), _out);
                    }
                    break;
                case WalRecordType.Metadata:
                    _metadata.Clear();
                    _decoder.DecodeMetadata(record, _metadata);
                    _totalMetadata += _metadata.Count;
                    foreach (var m in _metadata)
                    {
                        if (!keepSeries(m.Ref))
                        {
                            _droppedMetadata++;
                            continue;
                        }
                        if (_latestMetadata.ContainsKey(m.Ref))
                        {
                            _droppedMetadata++;
                        }
                        _latestMetadata[m.Ref] = m;
                    }
                    break;
                default:
                    // A record type from a newer writer: like Prometheus, leave it out of the checkpoint.
                    break;
            }
            if (_out.WrittenCount > 0)
            {
                writer.AppendRecord(_out.WrittenSpan);
                _pending += _out.WrittenCount;
            }
        }
    }
}
