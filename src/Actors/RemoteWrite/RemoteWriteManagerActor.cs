using Akka.Actor;
using Akka.Event;
using Scraper.Actors.Configuration;
using Scraper.Actors.RemoteWrite.Watching;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;

namespace Scraper.Actors.RemoteWrite;

/// <summary>
/// One per node: owns a <see cref="WatcherActor"/> per configured remote_write endpoint. On
/// <see cref="ApplyRemoteWriteConfig"/> it starts watchers for new endpoints, restarts those whose entry or the
/// external labels changed, stops removed ones (publishing <see cref="RemoteWriteEndpointRemoved"/> and removing their
/// metrics) and leaves the others alone, as Prometheus's remote storage does on reload. Endpoints are told apart by a
/// stable key (their name, else their url) that is also their send position's persistence id, so an unrelated config
/// edit does not lose a position. A restarted watcher starts only after the old one has stopped, so two stores never
/// share a persistence id. <see cref="DrainRemoteWrite"/> goes to every watcher; the reply is complete only if every
/// watcher's was.
/// </summary>
public sealed class RemoteWriteManagerActor : ReceiveActor
{
    /// <summary>The manager's actor name under <c>/user</c>.</summary>
    public const string Name = "remote-write";

    /// <summary>Extra time on top of a drain's deadline for the watchers' replies to arrive.</summary>
    private static readonly TimeSpan DrainReplyMargin = TimeSpan.FromSeconds(2);

    private readonly WatcherEnvironment _env;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Watcher> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _stopping = [];
    private readonly Dictionary<string, WatcherSettings> _startWhenStopped = new(StringComparer.Ordinal);
    private int _incarnation;

    /// <summary>A manager whose watchers share <paramref name="environment"/>.</summary>
    public RemoteWriteManagerActor(WatcherEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _env = environment;
        Receive<ApplyRemoteWriteConfig>(Apply);
        Receive<DrainRemoteWrite>(Drain);
        Receive<Terminated>(HandleTerminated);
    }

    /// <summary>Props of the manager.</summary>
    public static Props Props(WatcherEnvironment environment) =>
        Akka.Actor.Props.Create(() => new RemoteWriteManagerActor(environment));

    /// <summary>
    /// The stable key of each endpoint, in order: its name when set, else its url; a repeated key gets "#2", "#3"...
    /// </summary>
    public static IReadOnlyList<string> Keys(IReadOnlyList<RemoteWriteOptions> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var keys = new List<string>(endpoints.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in endpoints)
        {
            var key = string.IsNullOrEmpty(e.Name) ? e.Url : e.Name;
            var n = seen.GetValueOrDefault(key) + 1;
            seen[key] = n;
            keys.Add(n == 1 ? key : $"{key}#{n}");
        }
        return keys;
    }

    private void Apply(ApplyRemoteWriteConfig config)
    {
        var endpoints = config.Endpoints.IsDefault ? [] : config.Endpoints;
        var external = config.ExternalLabels ?? Labels.Empty;
        var keys = Keys(endpoints);
        int started = 0, restarted = 0, unchanged = 0;
        var wanted = new HashSet<string>(keys, StringComparer.Ordinal);

        var stopped = 0;
        foreach (var key in _startWhenStopped.Keys.ToList())
        {
            if (!wanted.Contains(key))
            {
                // Removed again before its restart could happen.
                _startWhenStopped.Remove(key);
            }
        }
        foreach (var (key, w) in _watchers.ToList())
        {
            if (!wanted.Contains(key))
            {
                StopWatcher(key, w, removed: true);
                stopped++;
            }
        }

        for (var i = 0; i < endpoints.Length; i++)
        {
            var settings = new WatcherSettings
            {
                Endpoint = endpoints[i],
                ExternalLabels = external,
                Key = keys[i],
                CountsGlobalMetrics = i == 0,
                Environment = _env,
            };
            if (_watchers.TryGetValue(keys[i], out var running))
            {
                if (ConfigEquality.DeepEquals(running.Settings.Endpoint, settings.Endpoint) && running.Settings.ExternalLabels == external)
                {
                    if (running.Settings.CountsGlobalMetrics != settings.CountsGlobalMetrics)
                    {
                        running.Ref.Tell(new CountGlobalRemoteWriteMetrics(settings.CountsGlobalMetrics));
                        _watchers[keys[i]] = running with { Settings = settings };
                    }
                    unchanged++;
                    continue;
                }
                var old = running.Settings.Endpoint;
                StopWatcher(keys[i], running, removed: old.RemoteName != settings.Endpoint.RemoteName || old.Url != settings.Endpoint.Url);
                restarted++;
            }
            else
            {
                started++;
            }
            StartOrQueue(settings);
        }
        _log.Info(
            "Remote write configured: {0} endpoints ({1} started, {2} restarted, {3} stopped, {4} unchanged)",
            endpoints.Length, started, restarted, stopped, unchanged);
        if (!Sender.IsNobody())
        {
            Sender.Tell(new RemoteWriteConfigApplied(started, restarted, stopped, unchanged));
        }
    }

    private void StopWatcher(string key, Watcher w, bool removed)
    {
        _watchers.Remove(key);
        _startWhenStopped.Remove(key);
        _stopping[w.Ref] = key;
        w.Ref.Tell(StopRemoteWriteWatcher.Instance);
        if (removed)
        {
            var e = w.Settings.Endpoint;
            _env.Metrics.RemoveEndpoint(e.RemoteName, e.Url);
            Context.System.EventStream.Publish(new RemoteWriteEndpointRemoved(e.RemoteName));
        }
    }

    private void StartOrQueue(WatcherSettings settings)
    {
        // The old watcher's store holds the same persistence id: the new one may start only once it is gone.
        if (_stopping.ContainsValue(settings.Key))
        {
            _startWhenStopped[settings.Key] = settings;
            return;
        }
        Start(settings);
    }

    private void Start(WatcherSettings settings)
    {
        var watcher = Context.ActorOf(WatcherActor.Props(settings), $"watcher-{++_incarnation}");
        Context.Watch(watcher);
        _watchers[settings.Key] = new Watcher(watcher, settings);
    }

    private void HandleTerminated(Terminated t)
    {
        if (_stopping.Remove(t.ActorRef, out var key))
        {
            if (!_stopping.ContainsValue(key) && _startWhenStopped.Remove(key, out var next))
            {
                Start(next);
            }
            return;
        }
        foreach (var (k, w) in _watchers)
        {
            if (w.Ref.Equals(t.ActorRef))
            {
                // Failures restart a watcher (default supervision); it only stops for good when it cannot even be
                // created, which a retry would not change: it stays off until a reload changes its entry.
                _log.Error("Remote write {0}: watcher stopped; sending to {1} is off until the next reload", w.Settings.Endpoint.RemoteName, w.Settings.Endpoint.Url);
                _watchers.Remove(k);
                return;
            }
        }
    }

    private void Drain(DrainRemoteWrite drain)
    {
        var replyTo = Sender;
        if (_watchers.Count == 0)
        {
            replyTo.Tell(new RemoteWriteDrained(true));
            return;
        }
        var asks = new List<Task<RemoteWriteDrained>>(_watchers.Count);
        foreach (var w in _watchers.Values)
        {
            asks.Add(w.Ref.Ask<RemoteWriteDrained>(drain, drain.Deadline + DrainReplyMargin));
        }
        Task.WhenAll(asks).PipeTo(
            replyTo,
            success: results => new RemoteWriteDrained(results.All(r => r.Complete)),
            failure: _ => new RemoteWriteDrained(false));
    }

    private sealed record Watcher(IActorRef Ref, WatcherSettings Settings);
}
