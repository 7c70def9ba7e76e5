using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Scraper.Actors.Configuration;

namespace Scraper.Actors.Discovery;

/// <summary>
/// One dns_sd config: looks its names up at start and every refresh_interval (as a task piped back) and sends the
/// discovery singleton one group per name. A name whose lookup fails keeps its last group; the failure is logged and
/// counted in <c>prometheus_sd_dns_lookup_failures_total</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Actors release resources in PostStop, not Dispose.")]
public sealed class DnsSdActor : ReceiveActor, IWithTimers
{
    private readonly string _providerKey;
    private readonly DnsSdOptions _options;
    private readonly IDnsResolver _resolver;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private ImmutableDictionary<string, TargetGroup> _groups = ImmutableDictionary<string, TargetGroup>.Empty;
    private bool _resolving;

    /// <summary>Creates the actor.</summary>
    public DnsSdActor(string providerKey, DnsSdOptions options, IDnsResolver resolver, DiscoveryMetrics metrics)
    {
        _providerKey = providerKey;
        _options = options;
        _resolver = resolver;
        _metrics = metrics;
        Receive<Refresh>(_ => StartLookup());
        Receive<Resolved>(HandleResolved);
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the actor.</summary>
    public static Props Props(string providerKey, DnsSdOptions options, IDnsResolver resolver, DiscoveryMetrics metrics) =>
        Akka.Actor.Props.Create(() => new DnsSdActor(providerKey, options, resolver, metrics));

    /// <inheritdoc/>
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _options.RefreshInterval);
        StartLookup();
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void StartLookup()
    {
        if (_resolving)
        {
            return;
        }
        _resolving = true;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var names = _options.Names;
        LookupAllAsync(_resolver, _options, _stopping.Token).PipeTo(
            Self,
            success: results => new Resolved(results, started),
            failure: e => new Resolved([.. names.Select(n => (n, ImmutableArray<DnsRecord>.Empty, (string?)e.Message))], started));
    }

    private static async Task<ImmutableArray<(string Name, ImmutableArray<DnsRecord> Records, string? Error)>> LookupAllAsync(
        IDnsResolver resolver, DnsSdOptions options, CancellationToken cancellationToken)
    {
        var lookups = options.Names.Select(async name =>
        {
            try
            {
                var records = await resolver.LookupAsync(name, options.Type, cancellationToken).ConfigureAwait(false);
                return (name, records, (string?)null);
            }
            catch (DnsLookupException e)
            {
                return (name, ImmutableArray<DnsRecord>.Empty, (string?)e.Message);
            }
        });
        return [.. await Task.WhenAll(lookups).ConfigureAwait(false)];
    }

    private void HandleResolved(Resolved resolved)
    {
        _resolving = false;
        _metrics.RefreshDuration.WithLabels("dns").Observe(System.Diagnostics.Stopwatch.GetElapsedTime(resolved.Started).TotalSeconds);
        foreach (var (name, records, error) in resolved.Results)
        {
            _metrics.DnsLookups.Inc();
            if (error is not null)
            {
                _metrics.DnsLookupFailures.Inc();
                _log.Error("dns_sd: lookup of {0} ({1}) failed, keeping its last targets: {2}", name, _options.Type, error);
                continue;
            }
            _groups = _groups.SetItem(name, DnsTargets.Group(name, records, _options.Port));
        }
        var groups = _options.Names.Where(_groups.ContainsKey).Select(n => _groups[n]).ToImmutableArray();
        Context.Parent.Tell(new TargetGroupsDiscovered(_providerKey, groups));
    }

    private sealed record Refresh
    {
        public static Refresh Instance { get; } = new();
    }

    private sealed record Resolved(ImmutableArray<(string Name, ImmutableArray<DnsRecord> Records, string? Error)> Results, long Started);
}
