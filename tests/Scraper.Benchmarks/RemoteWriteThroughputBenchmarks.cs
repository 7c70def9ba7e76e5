using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Protocol.Model;
using Scraper.TestSupport;
using Scraper.Wal;

namespace Scraper.Benchmarks;

/// <summary>
/// Sustained samples per second one remote_write endpoint delivers to victoria-metrics on loopback (ISSUE 5, goal:
/// over 1 million). A WAL of <see cref="Series"/> series x <see cref="SamplesPerSeries"/> samples (counters, 15 s
/// apart, one commit per scrape round as the appender writes them) is prepared; then the production wiring
/// (WithRemoteWrite with the real shard senders, on an endpoint whose stored send position is the WAL's start) sends
/// all of it, and the time until the acknowledged position reaches the WAL's end is measured. The receiver's
/// <c>vm_rows_inserted_total</c> is checked against the sample count. Run with <c>--filter '*RemoteWriteThroughput*'</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class RemoteWriteThroughputBenchmarks
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private string _dir = string.Empty;
    private VictoriaMetricsReceiver? _receiver;
    private WalPosition _end;
    private long _samples;
    private string _result = "not run";

    [Params(10_000)]
    public int Series { get; set; }

    [Params(2_000)]
    public int SamplesPerSeries { get; set; }

    /// <summary>1 is the default (resharding grows it); a higher floor shows the senders' capacity without the ramp.</summary>
    [Params(1, 4)]
    public int MinShards { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("rw-throughput-").FullName;
        _receiver = new VictoriaMetricsReceiver(Path.Combine(_dir, "vm"));
        _receiver.StartAsync().GetAwaiter().GetResult();
        using var writer = WalWriter.Open(new WalWriterOptions { Directory = Path.Combine(_dir, "wal"), SyncPolicy = WalSyncPolicy.Never });
        for (var s = 0; s < Series; s++)
        {
            writer.AppendSeries((ulong)s + 1, Labels.FromStrings(
                "__name__", "bench_counter_total", "instance", "127.0.0.1:" + (20000 + (s / 200)).ToString(CultureInfo.InvariantCulture),
                "job", "bench", "series", s.ToString(CultureInfo.InvariantCulture)));
        }
        writer.Commit();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (SamplesPerSeries * 15_000L);
        var round = new RefSample[Series];
        for (var i = 0; i < SamplesPerSeries; i++)
        {
            for (var s = 0; s < Series; s++)
            {
                round[s] = new RefSample((ulong)s + 1, start + (i * 15_000L), (i * 10) + s);
            }
            writer.AppendSamples(round);
            writer.Commit();
        }
        _end = writer.Position;
        _samples = (long)Series * SamplesPerSeries;
    }

    [Benchmark]
    public void SendWholeWal()
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        var endpoint = new RemoteWriteOptions
        {
            Url = _receiver!.WriteUrl,
            Name = "bench",
            RemoteName = "bench",
            Queue = QueueOptions.Default with { MinShards = MinShards },
        };
        var reached = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var rowsBefore = _receiver.RowsInsertedAsync().GetAwaiter().GetResult();
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("bench", builder => builder
                .WithRemoteWrite(new RemoteWriteSetup
                {
                    WalDirectory = Path.Combine(_dir, "wal"),
                    Notifier = new WalNotifier(),
                    MetricFactory = factory,
                    ShardProps = ShardSenderActor.Props,
                    // The endpoint "already sent nothing": its stored position is the WAL's start.
                    StoreProps = _ => Props.Create(() => new StartOfWalStore()),
                    Endpoints = [endpoint],
                })
                .AddStartup((system, _) =>
                {
                    var watcher = system.ActorOf(Props.Create(() => new ProgressWatcher(_end, reached, clock)));
                    system.EventStream.Subscribe(watcher, typeof(RemoteWriteProgress));
                })))
            .Build();
        host.Start();
        var elapsed = reached.Task.WaitAsync(TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
        var rows = _receiver.RowsInsertedAsync().GetAwaiter().GetResult() - rowsBefore;
        host.StopAsync().GetAwaiter().GetResult();
        _result = string.Join('\n',
            "remote write throughput:",
            $"  samples           {_samples:N0} ({Series:N0} series x {SamplesPerSeries})",
            $"  min_shards        {MinShards}",
            $"  acked in          {elapsed.TotalSeconds:F2} s",
            $"  samples/s         {_samples / elapsed.TotalSeconds:N0}",
            $"  rows at receiver  {rows:N0}");
        Console.WriteLine(_result);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine(_result);
        _receiver?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class StartOfWalStore : ReceiveActor
    {
        public StartOfWalStore()
        {
            Receive<LoadSendPosition>(_ => Sender.Tell(new SendPositionLoaded(WalPosition.StartOf(0), long.MinValue)));
            Receive<SaveSendPosition>(_ => { });
        }
    }

    private sealed class ProgressWatcher : ReceiveActor
    {
        private TimeSpan? _first;

        // Measured from the watcher's first report (at start, with the loaded position): host and actor-system start-up
        // are not part of the sending rate.
        public ProgressWatcher(WalPosition end, TaskCompletionSource<TimeSpan> reached, Stopwatch clock) =>
            Receive<RemoteWriteProgress>(p =>
            {
                _first ??= clock.Elapsed;
                if (p.AckedPosition >= end)
                {
                    reached.TrySetResult(clock.Elapsed - _first.Value);
                }
            });
    }
}
