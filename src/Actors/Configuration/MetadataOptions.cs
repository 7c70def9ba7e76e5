namespace Scraper.Actors.Configuration;

/// <summary><c>metadata_config</c> of a <c>remote_write</c> entry (remote write 1.0 only; 2.0 always carries metadata).</summary>
public sealed record MetadataOptions
{
    /// <summary>How often metadata is sent.</summary>
    public static readonly TimeSpan DefaultSendInterval = TimeSpan.FromMinutes(1);

    /// <summary>Metadata entries per request, as the Prometheus documentation gives it.</summary>
    public const int DefaultMaxSamplesPerSend = 500;

    /// <summary>The defaults of an absent <c>metadata_config</c>.</summary>
    public static MetadataOptions Default { get; } = new();

    /// <summary><c>send</c>.</summary>
    public bool Send { get; init; } = true;

    /// <summary><c>send_interval</c>.</summary>
    public TimeSpan SendInterval { get; init; } = DefaultSendInterval;

    /// <summary><c>max_samples_per_send</c>.</summary>
    public int MaxSamplesPerSend { get; init; } = DefaultMaxSamplesPerSend;
}
