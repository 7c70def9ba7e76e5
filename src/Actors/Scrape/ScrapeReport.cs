namespace Scraper.Actors.Scrape;

/// <summary>
/// What one scrape's body gave: the counts the report series carry, the error that failed it (null when it
/// succeeded) and the events the scrape actor counts in its self-metrics.
/// </summary>
internal readonly record struct ScrapeReport
{
    /// <summary><c>scrape_samples_scraped</c>: sample lines read (up to the error, if any).</summary>
    public int Scraped { get; init; }

    /// <summary><c>scrape_samples_post_metric_relabeling</c>: samples left after metric relabeling.</summary>
    public int PostRelabel { get; init; }

    /// <summary><c>scrape_series_added</c>: series new to the cache in this scrape.</summary>
    public int SeriesAdded { get; init; }

    /// <summary>Why the scrape failed (with the body's line where there is one), or null.</summary>
    public string? Error { get; init; }

    /// <summary>Samples dropped because their explicit timestamp was older than the series' last.</summary>
    public int OutOfOrder { get; init; }

    /// <summary>Samples dropped because their series appeared twice in the body without a timestamp.</summary>
    public int Duplicates { get; init; }

    /// <summary>The scrape failed on <c>sample_limit</c>.</summary>
    public bool SampleLimitExceeded { get; init; }

    /// <summary>The scrape failed on a label limit.</summary>
    public bool LabelLimitExceeded { get; init; }

    /// <summary>The cache was flushed because a failing target kept growing it.</summary>
    public bool CacheFlushForced { get; init; }

    /// <summary>A failure without any body (HTTP error, timeout, target_limit).</summary>
    public static ScrapeReport Failed(string error) => new() { Error = error };
}
