namespace Scraper.Actors.Configuration;

/// <summary>
/// <c>queue_config</c> of a <c>remote_write</c> entry. Defaults are those of the current Prometheus documentation.
/// </summary>
public sealed record QueueOptions
{
    /// <summary>Samples buffered per shard before reading the WAL pauses; several batches keep throughput up.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>At 50 shards, ~100 ms per request and 2000 samples per batch Prometheus pushes ~1M samples/s.</summary>
    public const int DefaultMaxShards = 50;

    /// <summary>One shard to start with; resharding grows it with the load.</summary>
    public const int DefaultMinShards = 1;

    /// <summary>Samples per request.</summary>
    public const int DefaultMaxSamplesPerSend = 2_000;

    /// <summary>The longest a sample waits in a shard's buffer before a partial batch is sent.</summary>
    public static readonly TimeSpan DefaultBatchSendDeadline = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay on a recoverable error; doubled on each retry.</summary>
    public static readonly TimeSpan DefaultMinBackoff = TimeSpan.FromMilliseconds(30);

    /// <summary>Longest retry delay.</summary>
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>The defaults of an absent <c>queue_config</c>.</summary>
    public static QueueOptions Default { get; } = new();

    /// <summary><c>capacity</c>.</summary>
    public int Capacity { get; init; } = DefaultCapacity;

    /// <summary><c>max_shards</c>.</summary>
    public int MaxShards { get; init; } = DefaultMaxShards;

    /// <summary><c>min_shards</c>.</summary>
    public int MinShards { get; init; } = DefaultMinShards;

    /// <summary><c>max_samples_per_send</c>.</summary>
    public int MaxSamplesPerSend { get; init; } = DefaultMaxSamplesPerSend;

    /// <summary><c>batch_send_deadline</c>.</summary>
    public TimeSpan BatchSendDeadline { get; init; } = DefaultBatchSendDeadline;

    /// <summary><c>min_backoff</c>.</summary>
    public TimeSpan MinBackoff { get; init; } = DefaultMinBackoff;

    /// <summary><c>max_backoff</c>.</summary>
    public TimeSpan MaxBackoff { get; init; } = DefaultMaxBackoff;

    /// <summary><c>retry_on_http_429</c>: retry (with backoff, honouring Retry-After) when the receiver answers 429.</summary>
    public bool RetryOnHttp429 { get; init; }

    /// <summary><c>sample_age_limit</c>: samples older than this are dropped instead of sent; zero sends everything.</summary>
    public TimeSpan SampleAgeLimit { get; init; }
}
