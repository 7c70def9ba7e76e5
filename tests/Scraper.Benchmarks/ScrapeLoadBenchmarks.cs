using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;
using Scraper.Actors.Configuration;
using Scraper.Actors.Hosting;

namespace Scraper.Benchmarks;

/// <summary>
/// Does one node keep up with 1,000 targets of 200 series each at a 1 s interval (ISSUE 4)? The targets are served
/// by the bench farm (<c>shared/bench/farm.py</c>, python3 stdlib, found by walking up from the working directory or
/// given in <c>SCRAPER_BENCH_FARM</c>) on 1,000 free loopback ports; this process runs the production wiring
/// (single-node cluster, discovery singleton, shard region of scrape entities, WAL appender writing a temp directory
/// with fsync every second) and is measured for <see cref="WindowSeconds"/> after a warm-up.
/// <para>
/// It is a BenchmarkDotNet benchmark with one long invocation (Monitoring strategy) rather than a console mode so that
/// it runs like the others (<c>--filter '*ScrapeLoad*'</c>) in its own process, whose CPU and memory are then the
/// scraper's alone. The figures are printed as a "scrape load" block: scrapes per target counted by the farm (a
/// missed scrape is a target served fewer times than the window has seconds), the agent's own interval histogram,
/// samples appended, CPU cores (utime+stime from /proc/self/stat), RSS, and the farm's own CPU for comparison.
/// </para>
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class ScrapeLoadBenchmarks
{
    private const int WindowSeconds = 60;
    private const int WarmupScrapes = 15;
    private static readonly TimeSpan WarmupDeadline = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private Process? _farm;
    private Microsoft.Extensions.Hosting.IHost? _host;
    private string _dir = string.Empty;
    private int _ctlPort;
    private string _result = "not run";

    [Params(1000)]
    public int Targets { get; set; }

    [Params(200)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("scrape-load-").FullName;
        var basePort = FreePortRange(Targets + 1);
        _ctlPort = basePort + Targets;
        StartFarm(basePort);

        var job = new ScrapeJobOptions
        {
            JobName = "bench",
            ScrapeInterval = TimeSpan.FromSeconds(1),
            ScrapeTimeout = TimeSpan.FromSeconds(1),
            StaticConfigs = [new StaticTargetGroup { Targets = [.. Enumerable.Range(basePort, Targets).Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture))] }],
        };
        var factory = Metrics.WithCustomRegistry(_registry);
        _host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("bench", builder => builder
                .WithRemoting("127.0.0.1", 0)
                .WithClustering(new ClusterOptions { LogInfo = false })
                .WithWalAppender(new WalAppenderSetup { Directory = Path.Combine(_dir, "wal"), MetricFactory = factory })
                .WithScraping(new ScrapingSetup { Options = new PrometheusOptions { ScrapeConfigs = [job] }, MetricFactory = factory })))
            .Build();
        _host.Start();
        var system = _host.Services.GetRequiredService<ActorSystem>();
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        up.Task.Wait(TimeSpan.FromSeconds(30));
        WaitForWarmup();
    }

    /// <summary>
    /// Warm-up ends when every target has been scraped <see cref="WarmupScrapes"/> times (the farm counts them): JIT,
    /// caches and the WAL are then in their steady state. A farm that never gets there fails the run.
    /// </summary>
    private void WaitForWarmup()
    {
        var deadline = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (Served().Min() < WarmupScrapes)
        {
            if (deadline.Elapsed > WarmupDeadline)
            {
                throw new TimeoutException($"not every target was scraped {WarmupScrapes} times within {WarmupDeadline}");
            }
            tick.WaitForNextTickAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark]
    public void ScrapeForOneMinute()
    {
        var served0 = Served();
        var cpu0 = CpuSeconds("self");
        var farmCpu0 = CpuSeconds(_farm!.Id.ToString(CultureInfo.InvariantCulture));
        var appended0 = Metric("prometheus_agent_samples_appended_total{type=\"float\"}");
        var intervals0 = Metric("prometheus_target_interval_length_seconds_count{interval=\"1s\"}");
        var clock = Stopwatch.StartNew();
        var maxRss = 0L;
        // The window is a fixed stretch of time by design; RSS is sampled on each one-second tick of it.
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (clock.Elapsed < TimeSpan.FromSeconds(WindowSeconds) && tick.WaitForNextTickAsync().AsTask().GetAwaiter().GetResult())
        {
            maxRss = Math.Max(maxRss, StatusKb("VmRSS"));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var served = Served().Zip(served0, (a, b) => a - b).ToArray();
        var cores = (CpuSeconds("self") - cpu0) / seconds;
        var farmCores = (CpuSeconds(_farm.Id.ToString(CultureInfo.InvariantCulture)) - farmCpu0) / seconds;
        var appended = Metric("prometheus_agent_samples_appended_total{type=\"float\"}") - appended0;
        var intervals = Metric("prometheus_target_interval_length_seconds_count{interval=\"1s\"}") - intervals0;
        var expected = (int)Math.Floor(seconds);
        var missed = served.Sum(n => Math.Max(0, expected - 1 - n));
        var lagging = served.Count(n => n < expected - 1);
        _result = string.Join('\n',
            $"scrape load: {Targets} targets x {Series} series at 1s, window {seconds:F1}s",
            $"  scrapes served by the farm: total {served.Sum()}, per target min {served.Min()} median {Median(served)} max {served.Max()} (window allows {expected})",
            $"  targets with a missed scrape: {lagging}; scrapes missed: {missed}",
            $"  interval length: {intervals} observed, p50 {Metric("prometheus_target_interval_length_seconds{interval=\"1s\",quantile=\"0.5\"}"):F4}s, p99 {Metric("prometheus_target_interval_length_seconds{interval=\"1s\",quantile=\"0.99\"}"):F4}s",
            $"  samples appended: {appended:F0} ({appended / seconds:F0}/s)",
            $"  scraper CPU: {cores:F3} cores; RSS {StatusKb("VmRSS") / 1024} MiB now, {maxRss / 1024} MiB max in window, VmHWM {StatusKb("VmHWM") / 1024} MiB",
            $"  farm CPU: {farmCores:F3} cores");
        Console.WriteLine(_result);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine(_result);
        _host?.StopAsync().Wait(TimeSpan.FromSeconds(30));
        _host?.Dispose();
        if (_farm is { HasExited: false })
        {
            _farm.Kill(entireProcessTree: true);
            _farm.WaitForExit(10_000);
        }
        _farm?.Dispose();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private void StartFarm(int basePort)
    {
        var farm = Environment.GetEnvironmentVariable("SCRAPER_BENCH_FARM") ?? FindFarm()
            ?? throw new InvalidOperationException("farm.py not found: set SCRAPER_BENCH_FARM to shared/bench/farm.py");
        var psi = new ProcessStartInfo("python3")
        {
            ArgumentList =
            {
                farm, "--targets", Targets.ToString(CultureInfo.InvariantCulture), "--series", Series.ToString(CultureInfo.InvariantCulture),
                "--interval", "1", "--phases", "400", "--base-port", basePort.ToString(CultureInfo.InvariantCulture),
                "--ctl-port", _ctlPort.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _farm = Process.Start(psi) ?? throw new InvalidOperationException("could not start python3");
        _farm.ErrorDataReceived += (_, e) => Console.Error.WriteLine("farm: " + e.Data);
        _farm.BeginErrorReadLine();
        var ready = _farm.StandardOutput.ReadLine();
        if (ready is null || !ready.StartsWith("farm ready", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("farm did not start: " + ready);
        }
        Console.WriteLine(ready);
    }

    private static string? FindFarm()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "bench", "farm.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>A run of free loopback ports (the farm binds one per target), searched from 20000 upwards.</summary>
    private static int FreePortRange(int count)
    {
        for (var start = 20000; start + count < 60000; start += count)
        {
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }
        throw new InvalidOperationException($"no {count} consecutive free ports");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private long[] Served()
    {
        var json = _http.GetStringAsync(new Uri($"http://127.0.0.1:{_ctlPort}/stats")).GetAwaiter().GetResult();
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("served").EnumerateArray().Select(e => e.GetInt64())];
    }

    private double Metric(string series)
    {
        using var stream = new MemoryStream();
        _registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        foreach (var line in System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return double.NaN;
    }

    /// <summary>utime + stime of a process from /proc/PID/stat, in seconds (clock ticks of 100 Hz).</summary>
    private static double CpuSeconds(string pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static long StatusKb(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private static long Median(long[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
