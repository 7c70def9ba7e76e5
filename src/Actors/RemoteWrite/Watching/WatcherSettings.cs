using Akka.Actor;
using Scraper.Actors.Configuration;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>What a <see cref="WatcherActor"/> gets: its endpoint and the node-wide <see cref="WatcherEnvironment"/>.</summary>
public sealed record WatcherSettings
{
    /// <summary>The remote_write entry.</summary>
    public required RemoteWriteOptions Endpoint { get; init; }

    /// <summary>The global external_labels (a series' own labels win).</summary>
    public Labels ExternalLabels { get; init; } = Labels.Empty;

    /// <summary>Stable key of the endpoint (its name, else its url): the store's persistence id is "remote-write-" + this.</summary>
    public required string Key { get; init; }

    /// <summary>Whether this watcher counts the node-wide samples-in counter and highest-timestamp gauge.</summary>
    public bool CountsGlobalMetrics { get; init; } = true;

    /// <summary>The node-wide parts: WAL, metrics, child factories, tunables.</summary>
    public required WatcherEnvironment Environment { get; init; }
}
