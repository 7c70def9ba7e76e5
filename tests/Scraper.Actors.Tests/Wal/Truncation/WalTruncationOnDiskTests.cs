using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Prometheus;
using Scraper.Actors.Hosting;
using Scraper.Actors.RemoteWrite;
using Scraper.Actors.Tests.Support;
using Scraper.Actors.Wal;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.Tests.Wal.Truncation;

/// <summary>Forced truncations against a real appender over a temp WAL: what is left on disk and what is counted.</summary>
public sealed class WalTruncationOnDiskTests : Akka.Hosting.TestKit.TestKit
{
    private const int SegmentSize = 32 * 1024;
    private const string SlowUrl = "http://127.0.0.1:9/slow";
    private const string MidUrl = "http://127.0.0.1:9/mid";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Frequency = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly WalNotifier _notifier = new();
    private readonly ManualTimeProvider _time = new(T0);

    public WalTruncationOnDiskTests(ITestOutputHelper output)
        : base(output: output)
    {
    }

    private string WalPath => _dir.Combine("wal");

    private IActorRef Appender => ActorRegistry.Get<AppenderActor>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder
            .WithWalAppender(new WalAppenderSetup
            {
                Directory = WalPath,
                MetricFactory = Metrics.WithCustomRegistry(_registry),
                Notifier = _notifier,
                SegmentSize = SegmentSize,
                Compress = false,
                SyncPolicy = WalSyncPolicy.Never,
            })
            .WithWalTruncation(new WalTruncationSetup
            {
                MetricFactory = Metrics.WithCustomRegistry(_registry),
                Options = new WalTruncationOptions { TruncateFrequency = Frequency },
                TimeProvider = _time,
            });

    protected override async Task AfterAllAsync()
    {
        await Sys.Terminate();
        _dir.Dispose();
        await base.AfterAllAsync();
    }

    /// <summary>
    /// 25 series x <paramref name="perSeries"/> samples one second apart from <paramref name="startMs"/>, one commit:
    /// one ~28 KiB record for 100 per series.
    /// </summary>
    private async Task AppendAsync(long startMs, int perSeries = 100)
    {
        const int series = 25;
        var labels = Enumerable.Range(0, series).Select(i => Labels.FromStrings("__name__", "m", "i", i.ToString(CultureInfo.InvariantCulture))).ToArray();
        var version = _notifier.Version;
        Appender.Tell(new AppendSamples(
            "t",
            [.. Enumerable.Range(0, series * perSeries).Select(n => labels[n % series])],
            [.. Enumerable.Range(0, series * perSeries).Select(n => startMs + (n / series * 1000L))],
            [.. Enumerable.Repeat(1.0, series * perSeries)]));
        await _notifier.WaitAsync(version, Token).WaitAsync(Wait, Token);
    }

    /// <summary>Every sample's record start and timestamp, read from the segments on disk (not the checkpoint).</summary>
    private List<(WalPosition Record, long T)> SegmentSamples()
    {
        var result = new List<(WalPosition, long)>();
        var range = WalDirectory.SegmentRange(WalPath)!.Value;
        var batch = new List<RefSample>();
        using var reader = new WalReader(WalPath, WalPosition.StartOf(range.First));
        while (reader.Next() == WalReadStatus.Record)
        {
            if (reader.RecordType == WalRecordType.Samples)
            {
                batch.Clear();
                RecordDecoder.DecodeSamples(reader.Record, batch);
                result.AddRange(batch.Select(s => (reader.RecordStart, s.T)));
            }
        }
        return result;
    }

    private Task<WalStatus> WalStatusAsync() => Appender.Ask<WalStatus>(GetWalStatus.Instance, Wait, Token);

    private static Task<WalTruncationStatus> StatusAsync(IActorRef actor) =>
        actor.Ask<WalTruncationStatus>(GetWalTruncationStatus.Instance, Wait, Token);

    private Task<double?> DroppedAsync(string remoteName, string url) =>
        MetricValues.ValueAsync(_registry, $"prometheus_remote_storage_samples_dropped_total{{remote_name=\"{remoteName}\",url=\"{url}\"}}");

    [Fact]
    public async Task Truncation_past_max_wal_time_forces_deleting_unsent_segments_and_counts_the_drops()
    {
        var truncation = ActorRegistry.Get<WalTruncationActor>();
        await StatusAsync(truncation);
        // Old data in half-size records, two to a segment, so that an acknowledged position can sit mid-segment.
        for (var b = 0; b < 8; b++)
        {
            await AppendAsync((T0 - TimeSpan.FromHours(6)).ToUnixTimeMilliseconds() + (b * 50_000), perSeries: 50);
        }
        for (var b = 0; b < 3; b++)
        {
            await AppendAsync((T0 - TimeSpan.FromMinutes(10)).ToUnixTimeMilliseconds() + (b * 100_000));
        }
        var wal = await WalStatusAsync();
        Assert.True(wal.WriterSegment >= 4, $"writer at segment {wal.WriterSegment}");
        var before = SegmentSamples();

        // "slow" has sent nothing since the start of the WAL; "mid" up to the fourth samples record; "fast" is at the end.
        var mid = before.Select(s => s.Record).Distinct().Order().ElementAt(3);
        Assert.True(mid.Offset > 0, $"mid at {mid}");
        truncation.Tell(new SetRemoteEndpoints(["slow", "mid", "fast"]));
        Sys.EventStream.Publish(new RemoteWriteProgress("slow", SlowUrl, WalPosition.StartOf(0), long.MinValue));
        Sys.EventStream.Publish(new RemoteWriteProgress("mid", MidUrl, mid, (T0 - TimeSpan.FromHours(6)).ToUnixTimeMilliseconds()));
        Sys.EventStream.Publish(new RemoteWriteProgress("fast", "http://127.0.0.1:9/fast", new WalPosition(wal.WriterSegment, wal.WriterOffset),
            T0.ToUnixTimeMilliseconds()));
        _time.Advance(Frequency);
        await AwaitAssertAsync(async () => Assert.Equal(1, (await StatusAsync(truncation)).Truncations), Wait, cancellationToken: Token);

        // Segments holding only data older than max_wal_time (4h before the truncation) are gone, the rest is kept.
        var cutoff = (T0 + Frequency - TimeSpan.FromHours(4)).ToUnixTimeMilliseconds();
        var keepFrom = before.Where(s => s.T >= cutoff).Min(s => s.Record.Segment);
        Assert.True(keepFrom > 0);
        var status = await StatusAsync(truncation);
        Assert.Equal(new TruncateWal(cutoff, keepFrom, Force: true), status.LastRequest);
        Assert.Equal(keepFrom, status.LastResult!.DeletedBelowSegment);
        Assert.Equal(keepFrom, WalDirectory.SegmentRange(WalPath)!.Value.First);
        Assert.Equal(before.Count(s => s.T >= cutoff), SegmentSamples().Count(s => s.T >= cutoff));

        // Everything in the deleted segments was unsent for "slow", what came after its position for "mid": counted
        // as dropped. "fast" lost nothing.
        var dropped = before.Count(s => s.Record.Segment < keepFrom);
        var droppedMid = before.Count(s => s.Record >= mid && s.Record.Segment < keepFrom);
        Assert.InRange(droppedMid, 1, dropped - 1);
        Assert.Equal(dropped, await DroppedAsync("slow", SlowUrl));
        Assert.Equal(droppedMid, await DroppedAsync("mid", MidUrl));
        Assert.Null(await DroppedAsync("fast", "http://127.0.0.1:9/fast"));
    }

    [Fact]
    public async Task Disk_budget_deletes_the_oldest_segments_until_under_it_and_counts_the_drops()
    {
        const long budget = 80 * 1024;
        var settings = new WalTruncationSettings
        {
            Options = new WalTruncationOptions { TruncateFrequency = Frequency },
            MaxSizeBytes = budget,
            DiskCheckInterval = TimeSpan.FromSeconds(10),
        };
        var truncation = Sys.ActorOf(WalTruncationActor.Props(Appender, settings, new RemoteWriteMetrics(Metrics.WithCustomRegistry(_registry)), _time));
        await StatusAsync(truncation);
        truncation.Tell(new SetRemoteEndpoints(["slow"]));
        Sys.EventStream.Publish(new RemoteWriteProgress("slow", SlowUrl, WalPosition.StartOf(0), long.MinValue));
        for (var b = 0; b < 7; b++)
        {
            await AppendAsync((T0 - TimeSpan.FromMinutes(20)).ToUnixTimeMilliseconds() + (b * 100_000));
        }
        var wal = await WalStatusAsync();
        Assert.True(wal.SizeBytes > 2 * budget, $"WAL of {wal.SizeBytes} bytes");
        var before = SegmentSamples();

        _time.Advance(settings.DiskCheckInterval);
        await AwaitAssertAsync(
            async () =>
            {
                var s = await StatusAsync(truncation);
                Assert.True(s.BudgetTruncations >= 1);
                Assert.False(s.Busy);
                Assert.InRange(WalDirectory.Size(WalPath), 1, budget);
            },
            Wait, cancellationToken: Token);

        // The oldest segments went, the one being written stayed, and nothing of theirs lingers in a checkpoint.
        var first = WalDirectory.SegmentRange(WalPath)!.Value.First;
        Assert.True(first > 0);
        Assert.True(File.Exists(WalFormat.SegmentPath(WalPath, wal.WriterSegment)));
        Assert.True((await StatusAsync(truncation)).LastRequest!.Force);
        Assert.Equal(before.Count(s => s.Record.Segment >= first), SegmentSamples().Count);
        var dropped = before.Count(s => s.Record.Segment < first);
        Assert.True(dropped > 0);
        Assert.Equal(dropped, await DroppedAsync("slow", SlowUrl));
    }
}
