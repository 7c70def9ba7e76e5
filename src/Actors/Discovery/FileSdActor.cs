using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Scraper.Actors.Configuration;

namespace Scraper.Actors.Discovery;

/// <summary>
/// One file_sd config: reads its files off the actor thread at start, when a watched directory changes and every
/// refresh_interval, and sends the discovery singleton the complete groups after each read. A file that does not
/// parse keeps its last good groups; the error is logged with the file and the reason and counted in
/// <c>prometheus_sd_file_read_errors_total</c>.
/// </summary>
public sealed class FileSdActor : ReceiveActor, IWithTimers
{
    /// <summary>Changes within this window are read once.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    private readonly string _providerKey;
    private readonly FileSdOptions _options;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<FileSystemWatcher> _watchers = [];
    private ImmutableDictionary<string, ImmutableArray<TargetGroup>> _lastGood = ImmutableDictionary<string, ImmutableArray<TargetGroup>>.Empty;
    private bool _scanning;
    private bool _rescan;

    /// <summary>Creates the actor.</summary>
    public FileSdActor(string providerKey, FileSdOptions options, DiscoveryMetrics metrics)
    {
        _providerKey = providerKey;
        _options = options;
        _metrics = metrics;
        Receive<Refresh>(_ => StartScan());
        Receive<Changed>(_ => Timers.StartSingleTimer(nameof(Changed), Refresh.Instance, Debounce));
        Receive<Scanned>(HandleScanned);
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the actor.</summary>
    public static Props Props(string providerKey, FileSdOptions options, DiscoveryMetrics metrics) =>
        Akka.Actor.Props.Create(() => new FileSdActor(providerKey, options, metrics));

    /// <inheritdoc/>
    protected override void PreStart()
    {
        Watch();
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _options.RefreshInterval);
        StartScan();
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        foreach (var w in _watchers)
        {
            w.Dispose();
        }
    }

    private void Watch()
    {
        var self = Self;
        foreach (var directory in _options.Files.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            {
                _metrics.FileWatcherErrors.Inc();
                _log.Error("Error adding file watch for {0}: no such directory", directory);
                continue;
            }
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            // Watcher callbacks run on the thread pool: they only tell the actor.
            watcher.Changed += (_, _) => self.Tell(Changed.Instance);
            watcher.Created += (_, _) => self.Tell(Changed.Instance);
            watcher.Deleted += (_, _) => self.Tell(Changed.Instance);
            watcher.Renamed += (_, _) => self.Tell(Changed.Instance);
            watcher.Error += (_, _) => self.Tell(Changed.Instance);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    private void StartScan()
    {
        if (_scanning)
        {
            _rescan = true;
            return;
        }
        _scanning = true;
        var files = _options.Files;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Task.Run(() => FileSdScanner.Scan(files)).PipeTo(
            Self,
            success: scan => new Scanned(scan, started),
            failure: e => new Scanned(ImmutableDictionary<string, FileSdRead>.Empty.Add("*", new FileSdRead([], e.Message)), started));
    }

    private void HandleScanned(Scanned scanned)
    {
        _scanning = false;
        _metrics.FileScanDuration.Observe(System.Diagnostics.Stopwatch.GetElapsedTime(scanned.Started).TotalSeconds);
        foreach (var (path, read) in scanned.Files)
        {
            if (read.Error is not null)
            {
                _metrics.FileReadErrors.Inc();
                _log.Error("Error reading file {0}: {1}{2}", path, read.Error,
                    _lastGood.ContainsKey(path) ? " (keeping its last good targets)" : string.Empty);
            }
        }
        _lastGood = FileSdScanner.Merge(_lastGood, scanned.Files);
        var groups = _lastGood.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value).ToImmutableArray();
        Context.Parent.Tell(new TargetGroupsDiscovered(_providerKey, groups));
        if (_rescan)
        {
            _rescan = false;
            StartScan();
        }
    }

    private sealed record Refresh
    {
        public static Refresh Instance { get; } = new();
    }

    private sealed record Changed
    {
        public static Changed Instance { get; } = new();
    }

    private sealed record Scanned(ImmutableDictionary<string, FileSdRead> Files, long Started);
}
