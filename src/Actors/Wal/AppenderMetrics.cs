using Prometheus;
using Scraper.Wal;

namespace Scraper.Actors.Wal;

/// <summary>
/// The appender's and the WAL's self-metrics under the names Prometheus 2.42 in agent mode exposes
/// (<c>prometheus_agent_*</c> from tsdb/agent, <c>prometheus_tsdb_wal_*</c> from its wlog; checked against a running
/// <c>prometheus --enable-feature=agent</c>). The writer keeps its own thread-safe counters (<see cref="WalMetrics"/>);
/// <see cref="Publish"/> copies them over after each commit. Metric objects are thread-safe.
/// </summary>
public sealed class AppenderMetrics
{
    private static readonly QuantileEpsilonPair[] FsyncObjectives = [new(0.5, 0.05), new(0.9, 0.01), new(0.99, 0.001)];

    private readonly Counter _checkpointCreations;
    private readonly Counter _checkpointCreationsFailed;
    private readonly Counter _checkpointDeletions;
    private readonly Counter _checkpointDeletionsFailed;
    private readonly Counter _corruptions;
    private readonly Gauge _replayDuration;
    private readonly Counter _completedPages;
    private readonly Summary _fsyncDuration;
    private readonly Counter _pageFlushes;
    private readonly Gauge _segmentCurrent;
    private readonly Counter _truncations;
    private readonly Counter _truncationsFailed;
    private readonly Counter _writesFailed;
    private long _fsyncs;
    private TimeSpan _fsyncTime;

    /// <summary>Creates (or finds) the metrics in <paramref name="factory"/>.</summary>
    public AppenderMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ActiveSeries = factory.CreateGauge("prometheus_agent_active_series", "Number of active series being tracked by the WAL storage");
        DeletedSeries = factory.CreateGauge("prometheus_agent_deleted_series", "Number of series pending deletion from the WAL");
        OutOfOrderSamples = factory.CreateCounter(
            "prometheus_agent_out_of_order_samples_total", "Total number of out of order samples ingestion failed attempts.");
        SamplesAppended = factory.CreateCounter(
            "prometheus_agent_samples_appended_total", "Total number of samples appended to the storage", ["type"]).WithLabels("float");
        factory.CreateCounter("prometheus_agent_exemplars_appended_total", "Total number of exemplars appended to the storage");
        TruncateDuration = factory.CreateSummary(
            "prometheus_agent_truncate_duration_seconds", "Duration of WAL truncation.", new SummaryConfiguration { Objectives = [] });
        _checkpointCreations = factory.CreateCounter(
            "prometheus_agent_checkpoint_creations_total", "Total number of checkpoint creations attempted.");
        _checkpointCreationsFailed = factory.CreateCounter(
            "prometheus_agent_checkpoint_creations_failed_total", "Total number of checkpoint creations that failed.");
        _checkpointDeletions = factory.CreateCounter(
            "prometheus_agent_checkpoint_deletions_total", "Total number of checkpoint deletions attempted.");
        _checkpointDeletionsFailed = factory.CreateCounter(
            "prometheus_agent_checkpoint_deletions_failed_total", "Total number of checkpoint deletions that failed.");
        _corruptions = factory.CreateCounter("prometheus_agent_corruptions_total", "Total number of WAL corruptions.");
        _replayDuration = factory.CreateGauge("prometheus_agent_data_replay_duration_seconds", "Time taken to replay the data on disk.");
        _completedPages = factory.CreateCounter("prometheus_tsdb_wal_completed_pages_total", "Total number of completed pages.");
        _fsyncDuration = factory.CreateSummary(
            "prometheus_tsdb_wal_fsync_duration_seconds", "Duration of write log fsync.", new SummaryConfiguration { Objectives = FsyncObjectives });
        _pageFlushes = factory.CreateCounter("prometheus_tsdb_wal_page_flushes_total", "Total number of page flushes.");
        _segmentCurrent = factory.CreateGauge(
            "prometheus_tsdb_wal_segment_current", "Write log segment index that TSDB is currently writing to.");
        _truncations = factory.CreateCounter("prometheus_tsdb_wal_truncations_total", "Total number of write log truncations attempted.");
        _truncationsFailed = factory.CreateCounter(
            "prometheus_tsdb_wal_truncations_failed_total", "Total number of write log truncations that failed.");
        _writesFailed = factory.CreateCounter("prometheus_tsdb_wal_writes_failed_total", "Total number of write log writes that failed.");
    }

    /// <summary><c>prometheus_agent_active_series</c>.</summary>
    public Gauge ActiveSeries { get; }

    /// <summary><c>prometheus_agent_deleted_series</c>.</summary>
    public Gauge DeletedSeries { get; }

    /// <summary><c>prometheus_agent_out_of_order_samples_total</c>.</summary>
    public Counter OutOfOrderSamples { get; }

    /// <summary><c>prometheus_agent_samples_appended_total{type="float"}</c>.</summary>
    public Counter.Child SamplesAppended { get; }

    /// <summary><c>prometheus_agent_truncate_duration_seconds</c>.</summary>
    public Summary TruncateDuration { get; }

    /// <summary>Copies the writer's counters and the series counts into the exported metrics.</summary>
    public void Publish(WalMetrics wal, SeriesRefs series)
    {
        ArgumentNullException.ThrowIfNull(wal);
        ArgumentNullException.ThrowIfNull(series);
        ActiveSeries.Set(series.Count);
        DeletedSeries.Set(series.PendingDeletion);
        _checkpointCreations.IncTo(wal.CheckpointCreations);
        _checkpointCreationsFailed.IncTo(wal.CheckpointCreationsFailed);
        _checkpointDeletions.IncTo(wal.CheckpointDeletions);
        _checkpointDeletionsFailed.IncTo(wal.CheckpointDeletionsFailed);
        _corruptions.IncTo(wal.CorruptionsRepaired);
        _replayDuration.Set(wal.ReplayDuration.TotalSeconds);
        _completedPages.IncTo(wal.PagesCompleted);
        _pageFlushes.IncTo(wal.PageFlushes);
        _segmentCurrent.Set(wal.CurrentSegment);
        _truncations.IncTo(wal.Truncations);
        _truncationsFailed.IncTo(wal.TruncationsFailed);
        _writesFailed.IncTo(wal.WritesFailed);

        // The writer sums fsync time; each new fsync is observed at the average of the ones since the last publish.
        var fsyncs = wal.Fsyncs;
        var time = wal.FsyncDuration;
        if (fsyncs > _fsyncs)
        {
            var each = (time - _fsyncTime).TotalSeconds / (fsyncs - _fsyncs);
            for (var i = _fsyncs; i < fsyncs; i++)
            {
                _fsyncDuration.Observe(each);
            }
            _fsyncs = fsyncs;
            _fsyncTime = time;
        }
    }
}
