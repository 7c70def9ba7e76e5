using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using Scraper.Wal;

namespace Scraper.Actors.RemoteWrite;

/// <summary>
/// The durable send position of one remote_write endpoint: a child of the endpoint's watcher, persisted with
/// Akka.Persistence (the node's journal and snapshot store, see <c>WithScraperPersistence</c>). It answers
/// <see cref="LoadSendPosition"/> with <see cref="SendPositionLoaded"/> once recovered (Akka stashes commands that
/// arrive during recovery) and takes <see cref="SaveSendPosition"/> without reply.
/// <para>
/// Saves come with every acknowledged batch, far faster than a database commits, so they are coalesced: at most one
/// event is being persisted at a time (<c>PersistAsync</c>, so commands keep flowing meanwhile), and of the saves
/// that arrive during that write only the newest is kept and persisted next. A burst of thousands of saves is a
/// handful of writes. Positions only grow: an older or equal one is ignored. Every <c>snapshotEvery</c> events a
/// snapshot is taken and the events and snapshots before it are deleted, so the journal stays small.
/// </para>
/// <para>
/// Failures: the position only decides how much is resent after a restart (delivery stays at least once), so a
/// storage problem must not take the endpoint down. A rejected write (serialization) is logged and the next save
/// goes on. A failed write or recovery stops a persistent actor (Akka's rule); <see cref="Props(string)"/> therefore
/// runs the store under a <see cref="BackoffSupervisor"/> that starts it again (recovering the last position that
/// was written) after 1 s growing to 30 s. While it is down, messages sent to it go to dead letters: a lost save is
/// superseded by the next, and a watcher that gets no <see cref="SendPositionLoaded"/> in time should ask again.
/// </para>
/// </summary>
public sealed class SendPositionStore : ReceivePersistentActor
{
    /// <summary>
    /// Snapshot (and delete what came before) every 100 events: with saves coalesced to about one write per
    /// acknowledgement round trip that is a snapshot every minute or so, and never more than ~100 journal rows per
    /// endpoint.
    /// </summary>
    public const int DefaultSnapshotEvery = 100;

    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly string _persistenceId;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private SendPositionRecorded? _persisted;
    private SendPositionRecorded? _latest;
    private SendPositionRecorded? _pending;
    private bool _writing;

    /// <summary>A store persisting under <paramref name="persistenceId"/>, snapshotting every <paramref name="snapshotEvery"/> events.</summary>
    public SendPositionStore(string persistenceId, int snapshotEvery)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotEvery, 1);
        _persistenceId = persistenceId;
        _snapshotEvery = snapshotEvery;

        Recover<SnapshotOffer>(HandleSnapshotOffer);
        Recover<SendPositionRecorded>(e => _persisted = _latest = Newer(_persisted, e));

        Command<LoadSendPosition>(_ => Sender.Tell(_latest is { } p
            ? new SendPositionLoaded(p.Position, p.AckedTimestampMs)
            : new SendPositionLoaded(null, long.MinValue)));
        Command<SaveSendPosition>(HandleSave);
        Command<SaveSnapshotSuccess>(HandleSnapshotSaved);
        Command<SaveSnapshotFailure>(f => _log.Warning("Snapshot of send position {0} failed: {1}", _persistenceId, f.Cause.Message));
        Command<DeleteMessagesSuccess>(d => _log.Debug("Send position {0}: events up to {1} deleted", _persistenceId, d.ToSequenceNr));
        Command<DeleteMessagesFailure>(f => _log.Warning("Send position {0}: deleting old events failed: {1}", _persistenceId, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Send position {0}: deleting old snapshots failed: {1}", _persistenceId, f.Cause.Message));
    }

    /// <inheritdoc/>
    public override string PersistenceId => _persistenceId;

    /// <summary>
    /// The store under a <see cref="BackoffSupervisor"/> (see the class remarks): what the watcher creates as its
    /// child. Messages to the supervisor are forwarded to the store.
    /// </summary>
    public static Props Props(string persistenceId) => Props(persistenceId, DefaultSnapshotEvery);

    /// <summary><see cref="Props(string)"/> with another snapshot interval.</summary>
    public static Props Props(string persistenceId, int snapshotEvery) =>
        BackoffSupervisor.Props(StoreProps(persistenceId, snapshotEvery), "store", MinBackoff, MaxBackoff, 0.2);

    /// <summary>The bare store, without the supervisor: it stops for good on a journal failure.</summary>
    public static Props StoreProps(string persistenceId, int snapshotEvery = DefaultSnapshotEvery) =>
        Akka.Actor.Props.Create(() => new SendPositionStore(persistenceId, snapshotEvery));

    /// <inheritdoc/>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Warning("Send position {0} could not be recovered ({1}); retrying after a backoff", _persistenceId, reason.Message);
    }

    /// <inheritdoc/>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // Akka stops the actor after this; the backoff supervisor starts it again and it recovers what was written.
        _log.Warning("Send position {0}: writing {1} failed ({2}); restarting the store", _persistenceId, @event, cause.Message);
    }

    /// <inheritdoc/>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Warning("Send position {0}: the journal rejected {1} ({2}); keeping the position in memory", _persistenceId, @event, cause.Message);
        _writing = false;
        WriteNext();
    }

    private static SendPositionRecorded Newer(SendPositionRecorded? current, SendPositionRecorded candidate) =>
        current is null || candidate.Position > current.Position ? candidate : current;

    private void HandleSnapshotOffer(SnapshotOffer offer)
    {
        if (offer.Snapshot is SendPositionSnapshot s)
        {
            _persisted = _latest = Newer(_persisted, new SendPositionRecorded(s.Position, s.AckedTimestampMs));
        }
    }

    private void HandleSave(SaveSendPosition save)
    {
        if (_latest is { } latest && save.Position <= latest.Position)
        {
            return;
        }
        // The acked timestamp is the highest below the position, so it never goes back as the position grows.
        var acked = _latest is { } l ? Math.Max(l.AckedTimestampMs, save.AckedTimestampMs) : save.AckedTimestampMs;
        _latest = new SendPositionRecorded(save.Position, acked);
        _pending = _latest;
        WriteNext();
    }

    private void WriteNext()
    {
        if (_writing || _pending is not { } next)
        {
            return;
        }
        _pending = null;
        _writing = true;
        PersistAsync(next, Persisted);
    }

    private void Persisted(SendPositionRecorded e)
    {
        _writing = false;
        _persisted = Newer(_persisted, e);
        if (LastSequenceNr % _snapshotEvery == 0)
        {
            SaveSnapshot(new SendPositionSnapshot(_persisted.Position, _persisted.AckedTimestampMs));
        }
        WriteNext();
    }

    private void HandleSnapshotSaved(SaveSnapshotSuccess saved)
    {
        // The snapshot holds the state up to its sequence number: older events and snapshots are no longer needed.
        var upTo = saved.Metadata.SequenceNr;
        DeleteMessages(upTo);
        DeleteSnapshots(new SnapshotSelectionCriteria(upTo - 1));
    }
}
