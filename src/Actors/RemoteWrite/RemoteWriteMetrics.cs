using Prometheus;

namespace Scraper.Actors.RemoteWrite;

/// <summary>
/// The remote-write self-metrics under the names, help texts and labels Prometheus 2.42 exposes (storage/remote
/// queue_manager.go, write.go and tsdb/wlog watcher.go), so existing dashboards work. Per-endpoint series carry
/// <c>remote_name</c> and <c>url</c>; the WAL watcher's carry <c>consumer</c> (the remote name). Create one instance
/// per metric factory; <see cref="ForEndpoint"/> gives the children of one endpoint. Metric objects are thread-safe.
/// </summary>
public sealed class RemoteWriteMetrics
{
    private static readonly string[] EndpointLabels = ["remote_name", "url"];

    /// <summary>Prometheus's sent-batch buckets: the default buckets plus 25, 60, 120 and 300 seconds.</summary>
    private static readonly double[] BatchDurationBuckets = [.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 25, 60, 120, 300];

    private readonly Counter _samples;
    private readonly Counter _samplesFailed;
    private readonly Counter _samplesRetried;
    private readonly Counter _samplesDropped;
    private readonly Gauge _samplesPending;
    private readonly Counter _enqueueRetries;
    private readonly Histogram _sentBatchDuration;
    private readonly Gauge _queueHighestSent;
    private readonly Gauge _shards;
    private readonly Gauge _shardsDesired;
    private readonly Gauge _shardsMin;
    private readonly Gauge _shardsMax;
    private readonly Gauge _shardCapacity;
    private readonly Gauge _maxSamplesPerSend;
    private readonly Counter _bytes;
    private readonly Counter _fallbacks;
    private readonly Counter _watcherRecordsRead;
    private readonly Counter _watcherDecodeFailures;
    private readonly Counter _watcherSamplesPreTailing;
    private readonly Gauge _watcherCurrentSegment;

    /// <summary>Creates (or finds) the metric families in <paramref name="factory"/>.</summary>
    public RemoteWriteMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        SamplesIn = factory.CreateCounter(
            "prometheus_remote_storage_samples_in_total", "Samples in to remote storage, compare to samples out for queue managers.");
        HighestTimestamp = factory.CreateGauge(
            "prometheus_remote_storage_highest_timestamp_in_seconds",
            "Highest timestamp that has come into the remote storage via the Appender interface, in seconds since epoch.");
        _samples = factory.CreateCounter(
            "prometheus_remote_storage_samples_total", "Total number of samples sent to remote storage.", EndpointLabels);
        _samplesFailed = factory.CreateCounter(
            "prometheus_remote_storage_samples_failed_total",
            "Total number of samples which failed on send to remote storage, non-recoverable errors.", EndpointLabels);
        _samplesRetried = factory.CreateCounter(
            "prometheus_remote_storage_samples_retried_total",
            "Total number of samples which failed on send to remote storage but were retried because the send error was recoverable.",
            EndpointLabels);
        _samplesDropped = factory.CreateCounter(
            "prometheus_remote_storage_samples_dropped_total",
            "Total number of samples which were dropped after being read from the WAL before being sent via remote write, either via relabelling or unintentionally because of an unknown reference ID.",
            EndpointLabels);
        _samplesPending = factory.CreateGauge(
            "prometheus_remote_storage_samples_pending", "The number of samples pending in the queues shards to be sent to the remote storage.",
            EndpointLabels);
        _enqueueRetries = factory.CreateCounter(
            "prometheus_remote_storage_enqueue_retries_total", "Total number of times enqueue has failed because a shards queue was full.",
            EndpointLabels);
        _sentBatchDuration = factory.CreateHistogram(
            "prometheus_remote_storage_sent_batch_duration_seconds", "Duration of send calls to the remote storage.",
            new HistogramConfiguration { LabelNames = EndpointLabels, Buckets = BatchDurationBuckets });
        _queueHighestSent = factory.CreateGauge(
            "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
            "Timestamp from a WAL sample, the highest timestamp successfully sent by this queue, in seconds since epoch.", EndpointLabels);
        _shards = factory.CreateGauge(
            "prometheus_remote_storage_shards", "The number of shards used for parallel sending to the remote storage.", EndpointLabels);
        _shardsDesired = factory.CreateGauge(
            "prometheus_remote_storage_shards_desired",
            "The number of shards that the queues shard calculation wants to run based on the rate of samples in vs. samples out.",
            EndpointLabels);
        _shardsMin = factory.CreateGauge(
            "prometheus_remote_storage_shards_min", "The minimum number of shards that the queue is allowed to run.", EndpointLabels);
        _shardsMax = factory.CreateGauge(
            "prometheus_remote_storage_shards_max", "The maximum number of shards that the queue is allowed to run.", EndpointLabels);
        _shardCapacity = factory.CreateGauge(
            "prometheus_remote_storage_shard_capacity", "The capacity of each shard of the queue used for parallel sending to the remote storage.",
            EndpointLabels);
        _maxSamplesPerSend = factory.CreateGauge(
            "prometheus_remote_storage_max_samples_per_send",
            "The maximum number of samples to be sent, in a single request, to the remote storage. Note that, when sending of exemplars over remote write is enabled, exemplars count towards this limt.",
            EndpointLabels);
        _bytes = factory.CreateCounter(
            "prometheus_remote_storage_bytes_total",
            "The total number of bytes of data (not metadata) sent by the queue after compression. Note that when exemplars over remote write is enabled the exemplars included in a remote write request count towards this metric.",
            EndpointLabels);
        _fallbacks = factory.CreateCounter(
            "scraper_remote_storage_protocol_fallbacks_total",
            "Times an endpoint configured for remote write 2.0 fell back to 1.0 because the receiver answered without the written-count headers.",
            EndpointLabels);
        _watcherRecordsRead = factory.CreateCounter(
            "prometheus_wal_watcher_records_read_total", "Number of records read by the WAL watcher from the WAL.", ["consumer", "type"]);
        _watcherDecodeFailures = factory.CreateCounter(
            "prometheus_wal_watcher_record_decode_failures_total", "Number of records read by the WAL watcher that resulted in an error when decoding.",
            ["consumer"]);
        _watcherSamplesPreTailing = factory.CreateCounter(
            "prometheus_wal_watcher_samples_sent_pre_tailing_total",
            "Number of sample records read by the WAL watcher and sent to remote write during replay of existing WAL.", ["consumer"]);
        _watcherCurrentSegment = factory.CreateGauge(
            "prometheus_wal_watcher_current_segment", "Current segment the WAL watcher is reading records from.", ["consumer"]);
    }

    /// <summary><c>prometheus_remote_storage_samples_in_total</c>: samples read from the WAL, over all endpoints.</summary>
    public Counter SamplesIn { get; }

    /// <summary><c>prometheus_remote_storage_highest_timestamp_in_seconds</c>: newest sample timestamp read from the WAL.</summary>
    public Gauge HighestTimestamp { get; }

    /// <summary>The children of one endpoint.</summary>
    public EndpointMetrics ForEndpoint(string remoteName, string url)
    {
        ArgumentNullException.ThrowIfNull(remoteName);
        ArgumentNullException.ThrowIfNull(url);
        return new EndpointMetrics(
            _samples.WithLabels(remoteName, url),
            _samplesFailed.WithLabels(remoteName, url),
            _samplesRetried.WithLabels(remoteName, url),
            _samplesDropped.WithLabels(remoteName, url),
            _samplesPending.WithLabels(remoteName, url),
            _enqueueRetries.WithLabels(remoteName, url),
            _sentBatchDuration.WithLabels(remoteName, url),
            _queueHighestSent.WithLabels(remoteName, url),
            _shards.WithLabels(remoteName, url),
            _shardsDesired.WithLabels(remoteName, url),
            _shardsMin.WithLabels(remoteName, url),
            _shardsMax.WithLabels(remoteName, url),
            _shardCapacity.WithLabels(remoteName, url),
            _maxSamplesPerSend.WithLabels(remoteName, url),
            _bytes.WithLabels(remoteName, url),
            _fallbacks.WithLabels(remoteName, url),
            recordType => _watcherRecordsRead.WithLabels(remoteName, recordType),
            _watcherDecodeFailures.WithLabels(remoteName),
            _watcherSamplesPreTailing.WithLabels(remoteName),
            _watcherCurrentSegment.WithLabels(remoteName));
    }

    /// <summary>Removes the series of an endpoint that a reload removed, as Prometheus unregisters its queue's metrics.</summary>
    public void RemoveEndpoint(string remoteName, string url)
    {
        foreach (var collector in new Collector[]
                 {
                     _samples, _samplesFailed, _samplesRetried, _samplesDropped, _samplesPending, _enqueueRetries, _sentBatchDuration,
                     _queueHighestSent, _shards, _shardsDesired, _shardsMin, _shardsMax, _shardCapacity, _maxSamplesPerSend, _bytes, _fallbacks,
                 })
        {
            switch (collector)
            {
                case Counter c:
                    c.RemoveLabelled(remoteName, url);
                    break;
                case Gauge g:
                    g.RemoveLabelled(remoteName, url);
                    break;
                case Histogram h:
                    h.RemoveLabelled(remoteName, url);
                    break;
            }
        }
        _watcherDecodeFailures.RemoveLabelled(remoteName);
        _watcherSamplesPreTailing.RemoveLabelled(remoteName);
        _watcherCurrentSegment.RemoveLabelled(remoteName);
    }
}

/// <summary>The metric children of one remote_write endpoint (see <see cref="RemoteWriteMetrics"/>).</summary>
public sealed record EndpointMetrics(
    Counter.Child Samples,
    Counter.Child SamplesFailed,
    Counter.Child SamplesRetried,
    Counter.Child SamplesDropped,
    Gauge.Child SamplesPending,
    Counter.Child EnqueueRetries,
    Histogram.Child SentBatchDuration,
    Gauge.Child QueueHighestSentTimestamp,
    Gauge.Child Shards,
    Gauge.Child ShardsDesired,
    Gauge.Child ShardsMin,
    Gauge.Child ShardsMax,
    Gauge.Child ShardCapacity,
    Gauge.Child MaxSamplesPerSend,
    Counter.Child Bytes,
    Counter.Child ProtocolFallbacks,
    Func<string, Counter.Child> WatcherRecordsRead,
    Counter.Child WatcherDecodeFailures,
    Counter.Child WatcherSamplesSentPreTailing,
    Gauge.Child WatcherCurrentSegment);
