using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Protocol.Model;

namespace Scraper.Actors.RemoteWrite;

// Messages between the node and the node's RemoteWriteManagerActor, and between the manager and its watchers. All
// node-local.

/// <summary>
/// Sent by the node (on start and on every reload) to the <see cref="RemoteWriteManagerActor"/>: the configured
/// <c>remote_write</c> entries and the global <c>external_labels</c>. Answered with
/// <see cref="RemoteWriteConfigApplied"/>. Watchers of new endpoints start, those whose entry or the external labels
/// changed restart (from their persisted send position), removed ones stop, unchanged ones keep running.
/// </summary>
public sealed record ApplyRemoteWriteConfig(ImmutableArray<RemoteWriteOptions> Endpoints, Labels ExternalLabels);

/// <summary>Reply to <see cref="ApplyRemoteWriteConfig"/>: how many watchers were started, restarted, stopped and kept.</summary>
public sealed record RemoteWriteConfigApplied(int Started, int Restarted, int Stopped, int Unchanged);

/// <summary>
/// Sent at graceful shutdown to the <see cref="RemoteWriteManagerActor"/> (which fans it out to every watcher) or to a
/// single <see cref="WatcherActor"/>: read the WAL to its end, send everything, flush every shard and persist the
/// final send position, within <see cref="Deadline"/>. Answered with <see cref="RemoteWriteDrained"/>.
/// </summary>
public sealed record DrainRemoteWrite(TimeSpan Deadline);

/// <summary>
/// Reply to <see cref="DrainRemoteWrite"/>. <see cref="Complete"/> is false when the deadline passed first (for the
/// manager: when any watcher did not finish); what was acknowledged by then is persisted either way.
/// </summary>
public sealed record RemoteWriteDrained(bool Complete);

/// <summary>
/// Sent by the manager to a watcher it removes or restarts: persist the acknowledged position, stop the store, then
/// stop. No reply; the manager watches the watcher for termination.
/// </summary>
public sealed record StopRemoteWriteWatcher
{
    /// <summary>The one instance.</summary>
    public static StopRemoteWriteWatcher Instance { get; } = new();
}

/// <summary>
/// Sent by the manager to a running watcher when it becomes (or stops being) the one that counts the node-wide
/// <c>prometheus_remote_storage_samples_in_total</c> and highest timestamp: one watcher counts them, so several
/// endpoints do not count the same samples several times. No reply.
/// </summary>
public sealed record CountGlobalRemoteWriteMetrics(bool Enabled);
