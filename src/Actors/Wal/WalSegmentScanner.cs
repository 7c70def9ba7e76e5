using Scraper.Wal;

namespace Scraper.Actors.Wal;

/// <summary>
/// What the WAL truncation actor needs to know about finished segments before it forces their deletion: which of
/// them max_wal_time lets go, which the disk budget makes go, how new the data in them is, and how many samples an
/// endpoint has not yet been sent from them. Reads finished segments with a sealed <see cref="WalReader"/> (blocking
/// file I/O: call it off the actor thread). Float and histogram samples count alike. No actor in sight.
/// </summary>
internal static class WalSegmentScanner
{
    /// <summary>
    /// The lowest segment in [<paramref name="first"/>, <paramref name="limit"/>) holding a sample at or after
    /// <paramref name="cutoffMs"/>, or <paramref name="limit"/> when none does: every segment below the result holds
    /// only samples older than the cutoff. A segment that cannot be read is kept (returned).
    /// </summary>
    public static int FirstSegmentWithSampleAtOrAfter(string directory, int first, int limit, long cutoffMs)
    {
        var found = limit;
        var end = Scan(directory, WalPosition.StartOf(first), limit, (segment, t) =>
        {
            if (t < cutoffMs)
            {
                return true;
            }
            found = segment;
            return false;
        });
        return end is { } unreadable ? Math.Min(found, unreadable) : found;
    }

    /// <summary>
    /// Samples in the records that start at or after <paramref name="from"/> in the segments below
    /// <paramref name="belowSegment"/>: what an endpoint acknowledged up to <paramref name="from"/> loses when those
    /// segments are deleted. Segments already gone (below <paramref name="first"/>) count nothing; of a segment that
    /// cannot be read, what was read counts.
    /// </summary>
    public static long CountSamples(string directory, int first, WalPosition from, int belowSegment)
    {
        var start = from < WalPosition.StartOf(first) ? WalPosition.StartOf(first) : from;
        long count = 0;
        Scan(directory, start, belowSegment, (_, _) =>
        {
            count++;
            return true;
        });
        return count;
    }

    /// <summary>The newest sample timestamp in the segments [<paramref name="first"/>, <paramref name="belowSegment"/>); long.MinValue when none.</summary>
    public static long MaxTimestamp(string directory, int first, int belowSegment)
    {
        var max = long.MinValue;
        Scan(directory, WalPosition.StartOf(first), belowSegment, (_, t) =>
        {
            max = Math.Max(max, t);
            return true;
        });
        return max;
    }

    /// <summary>
    /// The segment from which on the WAL must be kept so that deleting the oldest segments brings
    /// <paramref name="sizeBytes"/> to <paramref name="budgetBytes"/> or below; never above
    /// <paramref name="writerSegment"/> (the segment being written is never deleted). Returns
    /// <paramref name="first"/> when nothing needs to go.
    /// </summary>
    public static int KeepFromForBudget(string directory, int first, int writerSegment, long sizeBytes, long budgetBytes)
    {
        var excess = sizeBytes - budgetBytes;
        var keepFrom = first;
        foreach (var segment in WalDirectory.ListSegments(directory))
        {
            if (excess <= 0 || segment >= writerSegment)
            {
                break;
            }
            if (segment < first)
            {
                continue;
            }
            var file = new FileInfo(WalFormat.SegmentPath(directory, segment));
            excess -= file.Exists ? file.Length : 0;
            keepFrom = segment + 1;
        }
        return keepFrom;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with (segment of the record, timestamp) for every sample in the records from
    /// <paramref name="start"/> up to segment <paramref name="belowSegment"/> (exclusive), until it returns false.
    /// Returns the segment where reading failed (corrupt or deleted meanwhile), or null.
    /// </summary>
    private static int? Scan(string directory, WalPosition start, int belowSegment, Func<int, long, bool> visit)
    {
        if (start.Segment >= belowSegment)
        {
            return null;
        }
        var floats = new List<RefSample>();
        var histograms = new List<RefHistogramSample>();
        var floatHistograms = new List<RefFloatHistogramSample>();
        using var reader = new WalReader(directory, start, new WalReaderOptions { Sealed = true, LastSegment = belowSegment - 1 });
        try
        {
            while (true)
            {
                var status = reader.Next();
                if (status != WalReadStatus.Record)
                {
                    return status == WalReadStatus.EndOfData ? null : reader.Position.Segment;
                }
                var segment = reader.RecordStart.Segment;
                switch (reader.RecordType)
                {
                    case WalRecordType.Samples:
                        floats.Clear();
                        RecordDecoder.DecodeSamples(reader.Record, floats);
                        foreach (var s in floats)
                        {
                            if (!visit(segment, s.T))
                            {
                                return null;
                            }
                        }
                        break;
                    case WalRecordType.HistogramSamples:
                        histograms.Clear();
                        RecordDecoder.DecodeHistograms(reader.Record, histograms);
                        foreach (var h in histograms)
                        {
                            if (!visit(segment, h.T))
                            {
                                return null;
                            }
                        }
                        break;
                    case WalRecordType.FloatHistogramSamples:
                        floatHistograms.Clear();
                        RecordDecoder.DecodeFloatHistograms(reader.Record, floatHistograms);
                        foreach (var h in floatHistograms)
                        {
                            if (!visit(segment, h.T))
                            {
                                return null;
                            }
                        }
                        break;
                }
            }
        }
        catch (Exception e) when (e is WalCorruptionException or WalRecordException)
        {
            return reader.RecordStart.Segment;
        }
    }
}
