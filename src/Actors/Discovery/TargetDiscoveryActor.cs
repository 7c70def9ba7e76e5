using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;

namespace Scraper.Actors.Discovery;

/// <summary>
/// The cluster singleton that knows every target. Static configs are read here; file_sd, http_sd and dns_sd run in
/// one child per config and report complete target groups. On every change it rebuilds the pools' targets
/// (relabeling, dedup, target_limit), sends <see cref="EnsureTarget"/> for new or changed targets and
/// <see cref="RetireTarget"/> for vanished ones through the shard region, and re-sends every live target on each
/// reconcile tick, so entities on a node that joined or restarted are recreated. Answers <see cref="GetTargets"/>
/// with the health gathered from every node, and applies a reloaded configuration (<see cref="ApplyConfig"/>).
/// </summary>
public sealed class TargetDiscoveryActor : ReceiveActor, IWithTimers
{
    private readonly TargetDiscoveryEnvironment _env;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, JobState> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<TargetGroup>> _groups = new(StringComparer.Ordinal);
    private PrometheusOptions _options = PrometheusOptions.Default;
    private ImmutableArray<PoolTargets> _pools = [];
    private Dictionary<string, EnsureTarget> _sent = new(StringComparer.Ordinal);
    private bool _recomputePending;
    private long _generation;

    /// <summary>Creates the actor.</summary>
    public TargetDiscoveryActor(TargetDiscoveryEnvironment env)
    {
        _env = env;
        Receive<TargetGroupsDiscovered>(HandleDiscovered);
        Receive<Recompute>(_ => Recalculate(ImmutableHashSet<string>.Empty));
        Receive<Reconcile>(_ => SendAll());
        Receive<ApplyConfig>(HandleApply);
        Receive<GetTargets>(HandleGetTargets);
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the singleton.</summary>
    public static Props Props(TargetDiscoveryEnvironment env) => Akka.Actor.Props.Create(() => new TargetDiscoveryActor(env));

    /// <inheritdoc/>
    protected override void PreStart()
    {
        _options = _env.Jobs.Options;
        foreach (var job in _options.ScrapeConfigs)
        {
            StartJob(job);
        }
        Recalculate(ImmutableHashSet<string>.Empty);
        Timers.StartPeriodicTimer(nameof(Reconcile), Reconcile.Instance, _env.ReconcileInterval);
    }

    private void StartJob(ScrapeJobOptions job)
    {
        _env.ScrapeMetrics.PoolsTotal.Inc();
        var generation = ++_generation;
        var state = new JobState(job);
        _jobs[job.JobName] = state;
        string Key(string kind, int index) => string.Create(CultureInfo.InvariantCulture, $"{job.JobName}/{generation}/{kind}/{index}");

        var staticKey = Key("static", 0);
        state.ProviderKeys.Add(staticKey);
        _groups[staticKey] = TargetSetBuilder.StaticGroups(job);
        for (var i = 0; i < job.FileSdConfigs.Length; i++)
        {
            StartChild(state, Key("file", i), key => FileSdActor.Props(key, job.FileSdConfigs[i], _env.Metrics));
        }
        for (var i = 0; i < job.HttpSdConfigs.Length; i++)
        {
            StartChild(state, Key("http", i), key => HttpSdActor.Props(key, job.HttpSdConfigs[i], _env.Metrics, _env.HttpHandlerFactory));
        }
        for (var i = 0; i < job.DnsSdConfigs.Length; i++)
        {
            StartChild(state, Key("dns", i), key => DnsSdActor.Props(key, job.DnsSdConfigs[i], _env.Dns, _env.Metrics));
        }
    }

    private static void StartChild(JobState state, string key, Func<string, Props> props)
    {
        state.ProviderKeys.Add(key);
        state.Children.Add(Context.ActorOf(props(key)));
    }

    private void StopJob(string name)
    {
        if (!_jobs.Remove(name, out var state))
        {
            return;
        }
        foreach (var child in state.Children)
        {
            Context.Stop(child);
        }
        foreach (var key in state.ProviderKeys)
        {
            _groups.Remove(key);
        }
        _env.Metrics.DiscoveredTargets.RemoveLabelled(name, "scrape");
        _env.ScrapeMetrics.PoolTargets.RemoveLabelled(name);
    }

    private void HandleDiscovered(TargetGroupsDiscovered m)
    {
        // Children of a job that was reconfigured may still report: their keys belong to an old generation.
        if (!_jobs.Values.Any(j => j.ProviderKeys.Contains(m.ProviderKey)))
        {
            return;
        }
        _env.Metrics.ReceivedUpdates.WithLabels("scrape").Inc();
        _groups[m.ProviderKey] = m.Groups;
        if (!_recomputePending)
        {
            _recomputePending = true;
            Self.Tell(Recompute.Instance);
        }
    }

    /// <summary>Rebuilds every pool and tells the region what changed; targets of <paramref name="resend"/> jobs are re-sent anyway.</summary>
    private void Recalculate(ImmutableHashSet<string> resend)
    {
        _recomputePending = false;
        var lease = _env.ReconcileInterval * TargetDiscoveryEnvironment.LeaseIntervals;
        var pools = ImmutableArray.CreateBuilder<PoolTargets>();
        var current = new Dictionary<string, EnsureTarget>(StringComparer.Ordinal);
        foreach (var job in _options.ScrapeConfigs)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var state = _jobs[job.JobName];
            var pool = TargetSetBuilder.Build(job, state.ProviderKeys.SelectMany(k => _groups.GetValueOrDefault(k, [])));
            pools.Add(pool);
            foreach (var t in pool.Active)
            {
                var b = t.Build;
                if (!current.TryAdd(t.Id, new EnsureTarget(t.Id, job.JobName, b.ScrapeUrl, b.Labels, b.ScrapeInterval, b.ScrapeTimeout, lease, pool.ForcedError)))
                {
                    _log.Warning("Target {0} of job {1} duplicates a target of job {2}; scraping it once", b.ScrapeUrl, job.JobName, current[t.Id].JobName);
                }
            }
            Observe(pool, started);
        }
        var diff = TargetSetDiff.Compute(_sent, current);
        foreach (var id in diff.Retire)
        {
            _env.Region.Tell(new RetireTarget(id));
        }
        foreach (var ensure in diff.Ensure)
        {
            _env.Region.Tell(ensure);
        }
        foreach (var ensure in current.Values)
        {
            if (resend.Contains(ensure.JobName) && !diff.Ensure.Contains(ensure))
            {
                _env.Region.Tell(ensure);
            }
        }
        if (diff.Ensure.Length > 0 || diff.Retire.Length > 0)
        {
            _log.Info("Targets changed: {0} started or updated, {1} retired, {2} live", diff.Ensure.Length, diff.Retire.Length, current.Count);
        }
        _env.Metrics.Updates.WithLabels("scrape").Inc();
        _sent = current;
        _pools = pools.ToImmutable();
    }

    private void Observe(PoolTargets pool, long started)
    {
        var job = pool.JobName;
        _env.Metrics.DiscoveredTargets.WithLabels(job, "scrape").Set(pool.Discovered);
        _env.ScrapeMetrics.PoolTargets.WithLabels(job).Set(pool.Active.Length);
        _env.ScrapeMetrics.PoolSyncs.WithLabels(job).Inc();
        _env.ScrapeMetrics.SyncFailed.WithLabels(job).Inc(pool.Failed.Length);
        _env.ScrapeMetrics.SyncLength.WithLabels(job).Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        foreach (var (labels, error) in pool.Failed)
        {
            _log.Error("Job {0}: creating target {1} failed: {2}", job, labels, error);
        }
        if (pool.ForcedError is not null)
        {
            _env.ScrapeMetrics.PoolExceededTargetLimit.Inc();
            _log.Error("Job {0}: {1}; every target of the pool fails until it is back under the limit", job, pool.ForcedError);
        }
    }

    private void SendAll()
    {
        foreach (var ensure in _sent.Values)
        {
            _env.Region.Tell(ensure);
        }
    }

    private void HandleApply(ApplyConfig m)
    {
        try
        {
            // What changed is judged against the jobs this actor runs, not against the registry: on the node
            // that hosts the singleton the node itself may already have applied the same options to it.
            var changed = ChangedJobs(m.Options);
            _env.Jobs.Apply(m.Options);
            foreach (var name in changed)
            {
                StopJob(name);
            }
            _options = m.Options;
            foreach (var job in m.Options.ScrapeConfigs)
            {
                if (changed.Contains(job.JobName))
                {
                    StartJob(job);
                }
            }
            _env.ScrapeMetrics.PoolReloads.Inc(changed.Count);
            Recalculate(changed);
            Sender.Tell(new ConfigApplied([.. changed.Order(StringComparer.Ordinal)]));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or System.Security.Cryptography.CryptographicException)
        {
            _env.ScrapeMetrics.PoolReloadsFailed.Inc();
            _log.Error(e, "Applying the configuration failed; keeping the previous one");
            Sender.Tell(new ConfigApplyFailed(e.Message));
        }
    }

    private void HandleGetTargets(GetTargets m)
    {
        var pools = _pools;
        var hostName = _env.HostName;
        NodeHealth.GatherAsync(Context).PipeTo(
            Sender,
            success: snapshots => TargetsView.Build(pools, TargetsView.MergeHealth(snapshots), hostName, m.ScrapePool));
    }

    private ImmutableHashSet<string> ChangedJobs(PrometheusOptions next)
    {
        var changed = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in next.ScrapeConfigs)
        {
            names.Add(job.JobName);
            if (!_jobs.TryGetValue(job.JobName, out var state) || !ConfigEquality.DeepEquals(state.Options, job))
            {
                changed.Add(job.JobName);
            }
        }
        foreach (var name in _jobs.Keys)
        {
            if (!names.Contains(name))
            {
                changed.Add(name);
            }
        }
        return changed.ToImmutable();
    }

    private sealed class JobState(ScrapeJobOptions options)
    {
        public ScrapeJobOptions Options { get; } = options;

        public List<string> ProviderKeys { get; } = [];

        public List<IActorRef> Children { get; } = [];
    }

    private sealed record Recompute
    {
        public static Recompute Instance { get; } = new();
    }

    private sealed record Reconcile
    {
        public static Reconcile Instance { get; } = new();
    }
}
