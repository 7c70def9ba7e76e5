using System.Collections.Immutable;
using Akka.Actor;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.RemoteWrite.Sending;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.Hosting;

/// <summary>Everything <see cref="RemoteWriteHostingExtensions.WithRemoteWrite"/> needs: plain values, no binding.</summary>
public sealed record RemoteWriteSetup
{
    /// <summary>The WAL directory the watchers follow: <c>&lt;storage.agent.path&gt;/wal</c>.</summary>
    public required string WalDirectory { get; init; }

    /// <summary>The notifier the WAL appender signals after each commit (the same instance as in <see cref="WalAppenderSetup"/>).</summary>
    public required WalNotifier Notifier { get; init; }

    /// <summary>Where the remote-write self-metrics go.</summary>
    public required IMetricFactory MetricFactory { get; init; }

    /// <summary>Props of a shard sender (<c>ShardSenderActor.Props</c>).</summary>
    public required Func<ShardSenderSettings, Props> ShardProps { get; init; }

    /// <summary>Props of an endpoint's send-position store from its persistence id.</summary>
    public required Func<string, Props> StoreProps { get; init; }

    /// <summary>The HTTP client of an endpoint (TLS, proxy, HTTP version); null for <see cref="RemoteWriteHttpClientFactory.Create"/>.</summary>
    public Func<RemoteWriteOptions, HttpClient>? HttpClientFactory { get; init; }

    /// <summary>Clock of rates, ages and batch deadlines.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Endpoints to start with; the node sends <see cref="ApplyRemoteWriteConfig"/> on reloads.</summary>
    public ImmutableArray<RemoteWriteOptions> Endpoints { get; init; } = [];

    /// <summary>The global external_labels to start with.</summary>
    public Labels ExternalLabels { get; init; } = Labels.Empty;
}
