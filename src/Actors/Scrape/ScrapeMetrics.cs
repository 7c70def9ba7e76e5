using Prometheus;

namespace Scraper.Actors.Scrape;

/// <summary>
/// The scrape side's self-metrics, with the names, labels and help texts of Prometheus 2.42 (checked against a
/// running <c>prometheus --enable-feature=agent</c>). One instance per node, shared by all scrape actors: metric
/// objects are thread-safe, the one kind of state actors here share.
/// </summary>
public sealed class ScrapeMetrics
{
    private static readonly QuantileEpsilonPair[] IntervalObjectives =
    [
        new(0.01, 0.001), new(0.05, 0.005), new(0.5, 0.05), new(0.9, 0.01), new(0.99, 0.001),
    ];

    /// <summary>Creates (or finds) the metrics in <paramref name="factory"/>.</summary>
    public ScrapeMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        IntervalLength = factory.CreateSummary(
            "prometheus_target_interval_length_seconds", "Actual intervals between scrapes.",
            ["interval"], new SummaryConfiguration { Objectives = IntervalObjectives });
        ExceededSampleLimit = factory.CreateCounter(
            "prometheus_target_scrapes_exceeded_sample_limit_total", "Total number of scrapes that hit the sample limit and were rejected.");
        ExceededBodySizeLimit = factory.CreateCounter(
            "prometheus_target_scrapes_exceeded_body_size_limit_total", "Total number of scrapes that hit the body size limit");
        SampleOutOfOrder = factory.CreateCounter(
            "prometheus_target_scrapes_sample_out_of_order_total", "Total number of samples rejected due to not being out of the expected order.");
        SampleDuplicate = factory.CreateCounter(
            "prometheus_target_scrapes_sample_duplicate_timestamp_total", "Total number of samples rejected due to duplicate timestamps but different values.");
        ExceededLabelLimits = factory.CreateCounter(
            "prometheus_target_scrape_pool_exceeded_label_limits_total", "Total number of times scrape pools hit the label limits, during sync or config reload.");
        CacheFlushForced = factory.CreateCounter(
            "prometheus_target_scrapes_cache_flush_forced_total", "How many times a scrape cache was flushed due to getting big while scrapes are failing.");
        PoolTargets = factory.CreateGauge(
            "prometheus_target_scrape_pool_targets", "Current number of targets in this scrape pool.", ["scrape_job"]);
        PoolsTotal = factory.CreateCounter(
            "prometheus_target_scrape_pools_total", "Total number of scrape pool creation attempts.");
        PoolExceededTargetLimit = factory.CreateCounter(
            "prometheus_target_scrape_pool_exceeded_target_limit_total", "Total number of times scrape pools hit the target limit, during sync or config reload.");
        PoolReloads = factory.CreateCounter(
            "prometheus_target_scrape_pool_reloads_total", "Total number of scrape pool reloads.");
        PoolReloadsFailed = factory.CreateCounter(
            "prometheus_target_scrape_pool_reloads_failed_total", "Total number of failed scrape pool reloads.");
        PoolSyncs = factory.CreateCounter(
            "prometheus_target_scrape_pool_sync_total", "Total number of syncs that were executed on a scrape pool.", ["scrape_job"]);
        SyncLength = factory.CreateSummary(
            "prometheus_target_sync_length_seconds", "Actual interval to sync the scrape pool.",
            ["scrape_job"], new SummaryConfiguration { Objectives = IntervalObjectives });
        SyncFailed = factory.CreateCounter(
            "prometheus_target_sync_failed_total", "Total number of target sync failures.", ["scrape_job"]);
    }

    /// <summary>Counts what one scrape ran into.</summary>
    internal void Count(in ScrapeReport report)
    {
        if (report.SampleLimitExceeded)
        {
            ExceededSampleLimit.Inc();
        }
        if (report.LabelLimitExceeded)
        {
            ExceededLabelLimits.Inc();
        }
        if (report.OutOfOrder > 0)
        {
            SampleOutOfOrder.Inc(report.OutOfOrder);
        }
        if (report.Duplicates > 0)
        {
            SampleDuplicate.Inc(report.Duplicates);
        }
        if (report.CacheFlushForced)
        {
            CacheFlushForced.Inc();
        }
    }

    /// <summary><c>prometheus_target_interval_length_seconds{interval}</c>: time between two scrapes of a target.</summary>
    public Summary IntervalLength { get; }

    /// <summary><c>prometheus_target_scrapes_exceeded_sample_limit_total</c>.</summary>
    public Counter ExceededSampleLimit { get; }

    /// <summary><c>prometheus_target_scrapes_exceeded_body_size_limit_total</c>.</summary>
    public Counter ExceededBodySizeLimit { get; }

    /// <summary><c>prometheus_target_scrapes_sample_out_of_order_total</c>.</summary>
    public Counter SampleOutOfOrder { get; }

    /// <summary><c>prometheus_target_scrapes_sample_duplicate_timestamp_total</c>.</summary>
    public Counter SampleDuplicate { get; }

    /// <summary><c>prometheus_target_scrape_pool_exceeded_label_limits_total</c>.</summary>
    public Counter ExceededLabelLimits { get; }

    /// <summary><c>prometheus_target_scrapes_cache_flush_forced_total</c>.</summary>
    public Counter CacheFlushForced { get; }

    /// <summary><c>prometheus_target_scrape_pool_targets{scrape_job}</c>.</summary>
    public Gauge PoolTargets { get; }

    /// <summary><c>prometheus_target_scrape_pools_total</c>.</summary>
    public Counter PoolsTotal { get; }

    /// <summary><c>prometheus_target_scrape_pool_exceeded_target_limit_total</c>.</summary>
    public Counter PoolExceededTargetLimit { get; }

    /// <summary><c>prometheus_target_scrape_pool_reloads_total</c>.</summary>
    public Counter PoolReloads { get; }

    /// <summary><c>prometheus_target_scrape_pool_reloads_failed_total</c>.</summary>
    public Counter PoolReloadsFailed { get; }

    /// <summary><c>prometheus_target_scrape_pool_sync_total{scrape_job}</c>.</summary>
    public Counter PoolSyncs { get; }

    /// <summary><c>prometheus_target_sync_length_seconds{scrape_job}</c>.</summary>
    public Summary SyncLength { get; }

    /// <summary><c>prometheus_target_sync_failed_total{scrape_job}</c>: targets whose labels could not be built.</summary>
    public Counter SyncFailed { get; }
}
