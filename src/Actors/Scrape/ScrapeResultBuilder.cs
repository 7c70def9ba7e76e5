using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Scraper.Actors.Wal;
using Scraper.Protocol.Exposition;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Scrape;

/// <summary>
/// Turns one target's scrapes into WAL appends with Prometheus's scrape-loop semantics (scrape.go <c>append</c>,
/// <c>report</c>, <c>reportStale</c>): parses the body through the series cache, attaches target labels, applies
/// metric relabeling and the limits, and adds staleness markers and the report series. A scrape is all or nothing:
/// on a parse error, a repeated label name or an exceeded limit nothing of the body is kept (Prometheus rolls the
/// batch back) and every series of the last good scrape goes stale instead. Pure: no I/O, no clock, no actor;
/// samples accumulate in reusable buffers until <see cref="TakeBatch"/>.
/// </summary>
internal sealed class ScrapeResultBuilder
{
    /// <summary>The report series, in the order Prometheus appends them.</summary>
    public static readonly ImmutableArray<string> ReportMetricNames =
        ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"];

    private readonly ScrapeSeriesCache _cache = new();
    private readonly List<(SeriesEntry Entry, long TimestampMs)> _pendingTimestamps = [];
    private Labels[] _series = new Labels[64];
    private long[] _timestamps = new long[64];
    private double[] _values = new double[64];
    private int _count;
    private ScrapeTargetConfig _config;
    private Labels[] _reportLabels;
    private string? _lastContentType;
    private ExpositionFormat _lastFormat;

    public ScrapeResultBuilder(ScrapeTargetConfig config)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _reportLabels = BuildReportLabels(config.TargetLabels);
    }

    /// <summary>Samples staged for the next batch.</summary>
    public int Count => _count;

    /// <summary>The series cache (for tests and the cache metrics).</summary>
    public ScrapeSeriesCache Cache => _cache;

    /// <summary>
    /// Applies a changed configuration. When the final labels may change (target labels, honor_labels, metric
    /// relabeling, limits) the cache is emptied; series whose labels really changed go stale at the next scrape.
    /// </summary>
    public void Reconfigure(ScrapeTargetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var labelsMayChange = !config.TargetLabels.Equals(_config.TargetLabels)
            || config.HonorLabels != _config.HonorLabels
            || config.HonorTimestamps != _config.HonorTimestamps
            || config.TrackTimestampsStaleness != _config.TrackTimestampsStaleness
            || config.LabelLimits != _config.LabelLimits
            || !config.MetricRelabelConfigs.SequenceEqual(_config.MetricRelabelConfigs);
        _config = config;
        _reportLabels = BuildReportLabels(config.TargetLabels);
        if (labelsMayChange)
        {
            _cache.Reset();
        }
    }

    /// <summary>
    /// Stages the samples of a body received at <paramref name="timestampMs"/> (the scrape's timestamp) and the
    /// staleness markers of series that vanished since the last good scrape; or, when the body fails the scrape,
    /// stages staleness markers for all of the last good scrape's series and nothing of the body.
    /// </summary>
    public ScrapeReport AppendScrape(ReadOnlySpan<byte> body, string? contentType, long timestampMs)
    {
        var start = _count;
        _pendingTimestamps.Clear();
        var parser = new ExpositionParser(body, FormatOf(contentType));
        var config = _config;
        var iteration = _cache.Iteration;
        int scraped = 0, postRelabel = 0, seriesAdded = 0, accepted = 0, outOfOrder = 0, duplicates = 0;
        var sampleLimitLine = 0;
        string? error = null;
        var labelLimitExceeded = false;

        while (error is null)
        {
            var entry = parser.Next();
            if (entry == ExpositionEntry.End)
            {
                break;
            }
            if (entry == ExpositionEntry.Error)
            {
                error = parser.Error.ToString();
                break;
            }
            if (entry != ExpositionEntry.Series)
            {
                continue;
            }
            scraped++;
            var explicitTimestamp = config.HonorTimestamps ? parser.TimestampMs : null;
            var t = explicitTimestamp ?? timestampMs;

            var isNew = false;
            if (!_cache.TryGet(parser.Series, out var cached))
            {
                if (!parser.TryGetLabels(out Labels exposed))
                {
                    error = parser.Error.ToString();
                    break;
                }
                var final = SampleLabelMutator.Mutate(exposed, config.TargetLabels, config.HonorLabels, config.MetricRelabelConfigs);
                if (final is not null && CheckSeries(final, config.LabelLimits, out labelLimitExceeded) is { } invalid)
                {
                    error = $"line {parser.CurrentLine}: {invalid}";
                    break;
                }
                cached = _cache.Add(parser.Series, final);
                isNew = final is not null;
            }
            if (cached.Labels is null)
            {
                continue;
            }

            postRelabel++;
            if (explicitTimestamp is null)
            {
                if (cached.SampledIteration == iteration)
                {
                    duplicates++;
                    continue;
                }
            }
            else if (t <= cached.LastExplicitTimestampMs)
            {
                // An older timestamp is out of order; the same one again is a repeat that storage ignores anyway.
                if (t < cached.LastExplicitTimestampMs)
                {
                    outOfOrder++;
                }
                continue;
            }
            if (config.SampleLimit > 0 && ++accepted > config.SampleLimit)
            {
                if (sampleLimitLine == 0)
                {
                    sampleLimitLine = parser.CurrentLine;
                }
                continue;
            }
            cached.SampledIteration = iteration;
            Stage(cached.Labels, t, parser.Value);
            if (explicitTimestamp is not null)
            {
                _pendingTimestamps.Add((cached, t));
            }
            if (explicitTimestamp is null || config.TrackTimestampsStaleness)
            {
                _cache.Track(cached);
            }
            if (isNew && sampleLimitLine == 0)
            {
                seriesAdded++;
            }
        }

        if (error is null && sampleLimitLine != 0)
        {
            error = $"line {sampleLimitLine}: sample limit exceeded (limit: {config.SampleLimit})";
        }
        var report = new ScrapeReport
        {
            Scraped = scraped,
            PostRelabel = postRelabel,
            SeriesAdded = seriesAdded,
            OutOfOrder = outOfOrder,
            Duplicates = duplicates,
            Error = error,
            SampleLimitExceeded = error is not null && sampleLimitLine != 0,
            LabelLimitExceeded = labelLimitExceeded,
        };
        if (error is not null)
        {
            _count = start;
            return report with { CacheFlushForced = StageFailure(timestampMs) };
        }
        foreach (var (e, ts) in _pendingTimestamps)
        {
            e.LastExplicitTimestampMs = ts;
        }
        var state = (Builder: this, Timestamp: timestampMs);
        _cache.ForEachVanished(ref state, static (ref s, labels) => s.Builder.Stage(labels, s.Timestamp, StaleMarker.Value));
        _cache.EndSucceeded();
        return report;
    }

    /// <summary>A scrape that failed before any body (HTTP error, timeout, target_limit): every series goes stale.</summary>
    /// <returns>True when the cache had to be flushed (Prometheus's forced flush).</returns>
    public bool AppendFailure(long timestampMs) => StageFailure(timestampMs);

    /// <summary>Stages the report series: <c>up</c>, duration and the counts, all at the scrape's timestamp.</summary>
    public void AppendReport(long timestampMs, bool up, double durationSeconds, ScrapeReport report)
    {
        Stage(_reportLabels[0], timestampMs, up ? 1 : 0);
        Stage(_reportLabels[1], timestampMs, durationSeconds);
        Stage(_reportLabels[2], timestampMs, report.Scraped);
        Stage(_reportLabels[3], timestampMs, report.PostRelabel);
        Stage(_reportLabels[4], timestampMs, report.SeriesAdded);
    }

    /// <summary>
    /// The target is gone: staleness markers for the series of its last good scrape and for its report series
    /// (Prometheus's end-of-run staleness).
    /// </summary>
    public void AppendRetirement(long timestampMs)
    {
        StageFailure(timestampMs);
        foreach (var l in _reportLabels)
        {
            Stage(l, timestampMs, StaleMarker.Value);
        }
    }

    /// <summary>The staged samples as one append for the appender; the buffers are reused afterwards.</summary>
    public AppendSamples TakeBatch(string targetId)
    {
        var series = _series.AsSpan(0, _count).ToArray();
        var timestamps = _timestamps.AsSpan(0, _count).ToArray();
        var values = _values.AsSpan(0, _count).ToArray();
        Array.Clear(_series, 0, _count);
        _count = 0;
        return new AppendSamples(
            targetId,
            ImmutableCollectionsMarshal.AsImmutableArray(series),
            ImmutableCollectionsMarshal.AsImmutableArray(timestamps),
            ImmutableCollectionsMarshal.AsImmutableArray(values));
    }

    /// <summary>The body format for a Content-Type; remembered, since parsing the header allocates and targets repeat it.</summary>
    private ExpositionFormat FormatOf(string? contentType)
    {
        if (!string.Equals(contentType, _lastContentType, StringComparison.Ordinal))
        {
            _lastFormat = ExpositionContentType.FormatOf(contentType);
            _lastContentType = contentType;
        }
        return _lastFormat;
    }

    private bool StageFailure(long timestampMs)
    {
        var state = (Builder: this, Timestamp: timestampMs);
        _cache.ForEachPrevious(ref state, static (ref s, labels) => s.Builder.Stage(labels, s.Timestamp, StaleMarker.Value));
        return _cache.EndFailed();
    }

    /// <summary>Prometheus's checks on a new series' final labels, in its order; the message, or null when it passes.</summary>
    private static string? CheckSeries(Labels labels, LabelLimits limits, out bool limitExceeded)
    {
        limitExceeded = false;
        if (!labels.Has(LabelNames.MetricName))
        {
            return "missing metric name (__name__ label)";
        }
        foreach (var l in labels.AsSpan())
        {
            var valid = LabelNames.IsValidLegacyName(l.Name)
                && (l.Name != LabelNames.MetricName || LabelNames.IsValidLegacyMetricName(l.Value));
            if (!valid)
            {
                return "invalid metric name or label names: " + labels;
            }
        }
        var limit = limits.Check(labels);
        limitExceeded = limit is not null;
        return limit;
    }

    private void Stage(Labels labels, long timestampMs, double value)
    {
        if (_count == _series.Length)
        {
            Array.Resize(ref _series, _count * 2);
            Array.Resize(ref _timestamps, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }
        _series[_count] = labels;
        _timestamps[_count] = timestampMs;
        _values[_count] = value;
        _count++;
    }

    private static Labels[] BuildReportLabels(Labels targetLabels)
    {
        var result = new Labels[ReportMetricNames.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = SampleLabelMutator.ReportLabels(ReportMetricNames[i], targetLabels);
        }
        return result;
    }
}
