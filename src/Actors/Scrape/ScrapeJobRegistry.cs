using System.Collections.Immutable;
using Scraper.Actors.Configuration;

namespace Scraper.Actors.Scrape;

/// <summary>
/// The node's current scrape jobs by name. This is the one piece of node-local state shared between actors (besides
/// the thread-safe metric objects): an immutable snapshot behind a volatile reference, swapped whole by
/// <see cref="Apply"/> and only read by the scrape actors. It exists so that the messages that route targets
/// (<c>EnsureTarget</c>) stay plain data that can cross nodes, while the job settings that hold secrets and the
/// HTTP clients never leave the node: every node applies the same configuration to its own registry.
/// <see cref="Apply"/> has one caller at a time (the node's discovery actor); readers never block.
/// </summary>
public sealed class ScrapeJobRegistry : IDisposable
{
    /// <summary>How long a replaced HTTP client stays usable for scrapes already running before it is disposed.</summary>
    public static readonly TimeSpan ReplacedClientGrace = TimeSpan.FromMinutes(2);

    private readonly Func<HttpClientOptions, HttpMessageHandler> _handlerFactory;
    private volatile ImmutableDictionary<string, ScrapeJobSettings> _jobs = ImmutableDictionary<string, ScrapeJobSettings>.Empty;
    private long _generation;

    /// <summary>
    /// An empty registry. <paramref name="handlerFactory"/> builds a job's HTTP handler (tests pass their own);
    /// by default <see cref="ScrapeHttpClientFactory.CreateHandler"/>.
    /// </summary>
    public ScrapeJobRegistry(Func<HttpClientOptions, HttpMessageHandler>? handlerFactory = null) =>
        _handlerFactory = handlerFactory ?? ScrapeHttpClientFactory.CreateHandler;

    /// <summary>The configuration last applied (empty before the first <see cref="Apply"/>).</summary>
    public PrometheusOptions Options { get; private set; } = PrometheusOptions.Default;

    /// <summary>The jobs now.</summary>
    public ImmutableDictionary<string, ScrapeJobSettings> Jobs => _jobs;

    /// <summary>The settings of <paramref name="jobName"/>, if the job exists.</summary>
    public bool TryGet(string jobName, out ScrapeJobSettings settings) => _jobs.TryGetValue(jobName, out settings!);

    /// <summary>
    /// Makes <paramref name="options"/> the current configuration. Jobs whose options are unchanged keep their
    /// settings instance (and HTTP client, connections, scrape caches); changed and new jobs get new settings; the
    /// clients of changed and removed jobs are disposed after <see cref="ReplacedClientGrace"/>. Returns the names of
    /// the jobs that changed, appeared or disappeared.
    /// </summary>
    public ImmutableHashSet<string> Apply(PrometheusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        {
            var old = _jobs;
            var next = ImmutableDictionary.CreateBuilder<string, ScrapeJobSettings>(StringComparer.Ordinal);
            var changed = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            foreach (var job in options.ScrapeConfigs)
            {
                if (old.TryGetValue(job.JobName, out var current) && ConfigEquality.DeepEquals(current.Options, job))
                {
                    next[job.JobName] = current;
                    continue;
                }
                var client = ScrapeHttpClientFactory.CreateClient(_handlerFactory(job.HttpClient), job.HttpClient);
                next[job.JobName] = new ScrapeJobSettings(job, client, Interlocked.Increment(ref _generation));
                changed.Add(job.JobName);
            }
            foreach (var (name, settings) in old)
            {
                if (!next.TryGetValue(name, out var kept) || !ReferenceEquals(kept, settings))
                {
                    changed.Add(name);
                    DisposeLater(settings.Client);
                }
            }
            _jobs = next.ToImmutable();
            Options = options;
            return changed.ToImmutable();
        }
    }

    /// <summary>Disposes every job's HTTP client.</summary>
    public void Dispose()
    {
        foreach (var settings in _jobs.Values)
        {
            settings.Client.Dispose();
        }
        _jobs = ImmutableDictionary<string, ScrapeJobSettings>.Empty;
    }

    private static void DisposeLater(HttpClient client) =>
        _ = Task.Delay(ReplacedClientGrace).ContinueWith(_ => client.Dispose(), TaskScheduler.Default);
}
