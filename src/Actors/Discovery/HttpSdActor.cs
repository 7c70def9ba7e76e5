using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Scraper.Actors.Configuration;
using Scraper.Actors.Scrape;

namespace Scraper.Actors.Discovery;

/// <summary>
/// One http_sd config: fetches the target groups at start and every refresh_interval (the request runs as a task
/// piped back), and sends them to the discovery singleton. A failed refresh keeps the last good groups, is logged and
/// counted in <c>prometheus_sd_http_failures_total</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Actors release resources in PostStop, not Dispose.")]
public sealed class HttpSdActor : ReceiveActor, IWithTimers
{
    private readonly string _providerKey;
    private readonly HttpSdOptions _options;
    private readonly DiscoveryMetrics _metrics;
    private readonly HttpClient _client;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private bool _fetching;

    /// <summary>Creates the actor; <paramref name="handlerFactory"/> builds the HTTP handler for the config's client settings.</summary>
    public HttpSdActor(string providerKey, HttpSdOptions options, DiscoveryMetrics metrics, Func<HttpClientOptions, HttpMessageHandler> handlerFactory)
    {
        _providerKey = providerKey;
        _options = options;
        _metrics = metrics;
        _client = ScrapeHttpClientFactory.CreateClient(handlerFactory(options.HttpClient), options.HttpClient);
        Receive<Refresh>(_ => StartFetch());
        Receive<Fetched>(HandleFetched);
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the actor.</summary>
    public static Props Props(string providerKey, HttpSdOptions options, DiscoveryMetrics metrics, Func<HttpClientOptions, HttpMessageHandler> handlerFactory) =>
        Akka.Actor.Props.Create(() => new HttpSdActor(providerKey, options, metrics, handlerFactory));

    /// <inheritdoc/>
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _options.RefreshInterval);
        StartFetch();
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _client.Dispose();
    }

    private void StartFetch()
    {
        if (_fetching)
        {
            return;
        }
        _fetching = true;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var client = _client;
        var options = _options;
        var token = _stopping.Token;
        FetchWithTimeout(client, options, token).PipeTo(
            Self,
            success: r => new Fetched(r.Groups, r.Error, started),
            failure: e => new Fetched([], e.Message, started));
    }

    private static async Task<(ImmutableArray<TargetGroup> Groups, string? Error)> FetchWithTimeout(
        HttpClient client, HttpSdOptions options, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(options.RefreshInterval);
        return await HttpSdFetcher.FetchAsync(client, options, timeout.Token).ConfigureAwait(false);
    }

    private void HandleFetched(Fetched fetched)
    {
        _fetching = false;
        _metrics.RefreshDuration.WithLabels("http").Observe(System.Diagnostics.Stopwatch.GetElapsedTime(fetched.Started).TotalSeconds);
        if (fetched.Error is not null)
        {
            _metrics.HttpFailures.Inc();
            _metrics.RefreshFailures.WithLabels("http").Inc();
            _log.Error("http_sd {0}: unable to refresh target groups, keeping the last ones: {1}", _options.Url, fetched.Error);
            return;
        }
        Context.Parent.Tell(new TargetGroupsDiscovered(_providerKey, fetched.Groups));
    }

    private sealed record Refresh
    {
        public static Refresh Instance { get; } = new();
    }

    private sealed record Fetched(ImmutableArray<TargetGroup> Groups, string? Error, long Started);
}
