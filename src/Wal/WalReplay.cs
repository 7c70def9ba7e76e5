using System.Globalization;

namespace Scraper.Wal;

/// <summary>
/// Rebuilds the series map from the last checkpoint and the segments after it, as Prometheus agent does when it
/// opens its WAL, and repairs what it cannot read: the segment holding an unreadable record is cut at that
/// record's start. Segments after it are kept (Prometheus deletes them; we keep what is intact, because every
/// record there is still data someone has not been sent). A corrupt checkpoint is not repaired.
/// </summary>
internal static class WalReplay
{
    public static WalReplayResult Run(
        string directory, SeriesRefs series, WalMetrics metrics, Action<WalLogLevel, string>? log, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var state = new State(series);

        var checkpoint = WalDirectory.LastCheckpoint(directory);
        if (checkpoint is { } cp)
        {
            using var reader = new WalReader(cp.Path, WalPosition.StartOf(0), WalReaderOptions.SealedAll);
            ReadAll(reader, state);
        }

        var segments = WalDirectory.ListSegments(directory);
        CheckSequential(directory, segments);
        int? first = null;
        var repairs = new List<WalRepair>();
        if (segments.Count > 0)
        {
            var startFrom = checkpoint is { } c ? c.Index + 1 : segments[0];
            var last = segments[^1];
            if (startFrom < segments[0])
            {
                log?.Invoke(
                    WalLogLevel.Warning,
                    Invariant($"WAL {directory}: segments {startFrom} to {segments[0] - 1} after checkpoint {startFrom - 1} are missing"));
                startFrom = segments[0];
            }
            if (startFrom <= last)
            {
                first = startFrom;
                var options = new WalReaderOptions { Sealed = true, LastSegment = last, BufferPages = 16 };
                var position = WalPosition.StartOf(startFrom);
                while (true)
                {
                    using var reader = new WalReader(directory, position, options);
                    try
                    {
                        ReadAll(reader, state);
                        break;
                    }
                    catch (WalCorruptionException e) when (e.Segment >= 0)
                    {
                        repairs.Add(Repair(directory, e, metrics, log));
                        if (e.Segment >= last)
                        {
                            break;
                        }
                        position = WalPosition.StartOf(e.Segment + 1);
                    }
                }
            }
        }

        var took = time.GetElapsedTime(started);
        metrics.Replayed(took);
        if (state.UnknownSeriesSamples > 0)
        {
            log?.Invoke(
                WalLogLevel.Warning,
                Invariant($"WAL {directory}: {state.UnknownSeriesSamples} samples refer to series no series record introduced"));
        }
        log?.Invoke(
            WalLogLevel.Info,
            Invariant($"WAL {directory} replayed in {took.TotalMilliseconds:F0} ms: checkpoint {checkpoint?.Index.ToString(CultureInfo.InvariantCulture) ?? "none"}, segments {first?.ToString(CultureInfo.InvariantCulture) ?? "-"}..{(segments.Count > 0 ? segments[^1].ToString(CultureInfo.InvariantCulture) : "-")}, {series.Count} series, {state.Samples} samples"));
        return new WalReplayResult
        {
            CheckpointIndex = checkpoint?.Index,
            FirstSegment = first,
            LastSegment = segments.Count > 0 ? segments[^1] : null,
            Records = state.Records,
            Series = state.SeriesEntries,
            Samples = state.Samples,
            Histograms = state.Histograms,
            SamplesOfUnknownSeries = state.UnknownSeriesSamples,
            UnknownRecords = state.UnknownRecords,
            Repairs = repairs,
            Duration = took,
        };
    }

    private static void CheckSequential(string directory, List<int> segments)
    {
        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i] != segments[i - 1] + 1)
            {
                throw new WalCorruptionException(
                    directory, segments[i - 1] + 1, 0, Invariant($"segments are not sequential: {segments[i - 1]} is followed by {segments[i]}"));
            }
        }
    }

    private static void ReadAll(WalReader reader, State state)
    {
        while (reader.Next() == WalReadStatus.Record)
        {
            state.Records++;
            try
            {
                Apply(reader.Record, state);
            }
            catch (WalRecordException e)
            {
                throw new WalCorruptionException(reader.Directory, reader.RecordStart.Segment, reader.RecordStart.Offset, e.Message, e);
            }
        }
    }

    private static void Apply(ReadOnlySpan<byte> record, State state)
    {
        switch (RecordDecoder.TypeOf(record))
        {
            case WalRecordType.Series:
                state.SeriesList.Clear();
                state.Decoder.DecodeSeries(record, state.SeriesList);
                foreach (var s in state.SeriesList)
                {
                    state.Series.AddReplayed(s.Ref, s.Labels);
                }
                state.SeriesEntries += state.SeriesList.Count;
                break;
            case WalRecordType.Samples:
                state.SampleList.Clear();
                RecordDecoder.DecodeSamples(record, state.SampleList);
                foreach (var s in state.SampleList)
                {
                    if (!state.Series.UpdateLastTimestamp(s.Ref, s.T))
                    {
                        state.UnknownSeriesSamples++;
                    }
                }
                state.Samples += state.SampleList.Count;
                break;
            case WalRecordType.HistogramSamples or WalRecordType.CustomBucketsHistogramSamples:
                state.HistogramList.Clear();
                RecordDecoder.DecodeHistograms(record, state.HistogramList);
                foreach (var h in state.HistogramList)
                {
                    if (!state.Series.UpdateLastTimestamp(h.Ref, h.T))
                    {
                        state.UnknownSeriesSamples++;
                    }
                }
                state.Histograms += state.HistogramList.Count;
                break;
            case WalRecordType.FloatHistogramSamples or WalRecordType.CustomBucketsFloatHistogramSamples:
                state.FloatHistogramList.Clear();
                RecordDecoder.DecodeFloatHistograms(record, state.FloatHistogramList);
                foreach (var h in state.FloatHistogramList)
                {
                    if (!state.Series.UpdateLastTimestamp(h.Ref, h.T))
                    {
                        state.UnknownSeriesSamples++;
                    }
                }
                state.Histograms += state.FloatHistogramList.Count;
                break;
            case WalRecordType.Exemplars or WalRecordType.Metadata or WalRecordType.Tombstones or WalRecordType.MmapMarkers:
                // Nothing of these matters for the series map (Prometheus agent skips them too).
                break;
            default:
                state.UnknownRecords++;
                break;
        }
    }

    private static WalRepair Repair(string directory, WalCorruptionException e, WalMetrics metrics, Action<WalLogLevel, string>? log)
    {
        var path = WalFormat.SegmentPath(directory, e.Segment);
        long dropped;
        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            var length = RandomAccess.GetLength(file);
            dropped = Math.Max(0, length - e.Offset);
            RandomAccess.SetLength(file, e.Offset);
            RandomAccess.FlushToDisk(file);
        }
        metrics.Repaired(dropped);
        log?.Invoke(
            WalLogLevel.Warning,
            Invariant($"WAL segment {path}: {e.Reason}; truncated at offset {e.Offset}, {dropped} bytes dropped"));
        return new WalRepair(e.Segment, e.Offset, dropped, e.Reason);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed class State(SeriesRefs series)
    {
        public SeriesRefs Series { get; } = series;

        public RecordDecoder Decoder { get; } = new();

        public List<RefSeries> SeriesList { get; } = [];

        public List<RefSample> SampleList { get; } = [];

        public List<RefHistogramSample> HistogramList { get; } = [];

        public List<RefFloatHistogramSample> FloatHistogramList { get; } = [];

        public long Records { get; set; }

        public long SeriesEntries { get; set; }

        public long Samples { get; set; }

        public long Histograms { get; set; }

        public long UnknownSeriesSamples { get; set; }

        public long UnknownRecords { get; set; }
    }
}
