using Scraper.Actors.Configuration;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.RemoteWrite;

/// <summary>
/// What a watcher gives each shard sender it starts (<c>ShardSenderActor.Props(settings)</c>; the watcher takes the
/// props factory as a parameter so it can be tested with probes).
/// </summary>
public sealed record ShardSenderSettings
{
    /// <summary>The endpoint: url, headers, auth, remote_timeout, queue_config.</summary>
    public required RemoteWriteOptions Endpoint { get; init; }

    /// <summary>This shard's index, 0..n-1, echoed in every message to the watcher.</summary>
    public required int ShardIndex { get; init; }

    /// <summary>The endpoint's HTTP client (TLS, proxy, HTTP version); shared by its shards, thread-safe.</summary>
    public required HttpClient Client { get; init; }

    /// <summary>The endpoint's metric children.</summary>
    public required EndpointMetrics Metrics { get; init; }

    /// <summary>The message to start with; a 2.0 endpoint that has fallen back passes 1.0 to later shards.</summary>
    public RemoteWriteProtoMessage Message { get; init; } = RemoteWriteProtoMessage.V1WriteRequest;

    /// <summary>Clock for batch deadlines and send durations.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
