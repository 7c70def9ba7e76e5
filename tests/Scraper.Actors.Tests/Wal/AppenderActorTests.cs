using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Prometheus;
using Scraper.Actors.Hosting;
using Scraper.Actors.Tests.Support;
using Scraper.Actors.Wal;
using Scraper.Protocol.Model;
using Scraper.Wal;

namespace Scraper.Actors.Tests.Wal;

public sealed class AppenderActorTests : Akka.Hosting.TestKit.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly WalNotifier _notifier = new();

    public AppenderActorTests(ITestOutputHelper output)
        : base(output: output)
    {
    }

    private string WalPath => _dir.Combine("wal");

    private IActorRef Appender => ActorRegistry.Get<AppenderActor>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithWalAppender(new WalAppenderSetup
        {
            Directory = WalPath,
            MetricFactory = Metrics.WithCustomRegistry(_registry),
            Notifier = _notifier,
            // Small uncompressed segments so a test fills several quickly.
            SegmentSize = 32 * 1024,
            Compress = false,
            SyncPolicy = WalSyncPolicy.Never,
        });

    protected override async Task AfterAllAsync()
    {
        await Sys.Terminate();
        _dir.Dispose();
        await base.AfterAllAsync();
    }

    private static AppendSamples Batch(string name, int series, long t, double v = 1) =>
        new("t", [.. Enumerable.Range(0, series).Select(i => Labels.FromStrings("__name__", name, "i", i.ToString(CultureInfo.InvariantCulture)))],
            [.. Enumerable.Repeat(t, series)], [.. Enumerable.Repeat(v, series)]);

    private Task AwaitSamplesAsync(int count) =>
        AwaitAssertAsync(() => Assert.Equal(count, WalContents.Read(WalPath).Samples.Count), Wait, cancellationToken: Token);

    [Fact]
    public async Task Append_commits_series_then_samples_that_read_back_exactly()
    {
        var labels = Labels.FromStrings("__name__", "up", "job", "j");
        Appender.Tell(new AppendSamples("t", [labels, labels], [1000, 2000], [1, BitConverter.UInt64BitsToDouble(0x7ff0000000000002)]));
        await AwaitSamplesAsync(2);
        var wal = WalContents.Read(WalPath);
        Assert.Equal(WalRecordType.Series, wal.RecordTypes[0]);
        Assert.All(wal.Samples, s => Assert.Equal(labels, s.Labels));
        Assert.Equal((1000L, 1.0), (wal.Samples[0].TimestampMs, wal.Samples[0].Value));
        Assert.Equal((2000L, 0x7ff0000000000002UL), (wal.Samples[1].TimestampMs, wal.Samples[1].Bits));
    }

    [Fact]
    public async Task Append_rejects_out_of_order_and_duplicate_samples_and_counts_them()
    {
        var a = Labels.FromStrings("__name__", "a");
        Appender.Tell(new AppendSamples("t", [a], [1000], [1]));
        Appender.Tell(new AppendSamples("t", [a, a, a], [1000, 900, 1100], [2, 3, 4]));
        await AwaitSamplesAsync(2);
        Assert.Equal([(1000L, 1.0), (1100L, 4.0)], WalContents.Read(WalPath).Samples.Select(s => (s.TimestampMs, s.Value)));
        await AwaitAssertAsync(
            async () => Assert.Equal(2, await MetricValues.ValueAsync(_registry, "prometheus_agent_out_of_order_samples_total")),
            Wait, cancellationToken: Token);
        Assert.Equal(2, await MetricValues.ValueAsync(_registry, "prometheus_agent_samples_appended_total{type=\"float\"}"));
        Assert.Equal(1, await MetricValues.ValueAsync(_registry, "prometheus_agent_active_series"));
    }

    [Fact]
    public async Task Append_that_is_malformed_is_dropped_and_appending_goes_on()
    {
        var a = Labels.FromStrings("__name__", "a");
        Appender.Tell(new AppendSamples("t", [a], [1000, 2000], [1]));
        Appender.Tell(new AppendSamples("t", [a], [3000], [3]));
        await AwaitSamplesAsync(1);
        Assert.Equal(3000, WalContents.Read(WalPath).Samples.Single().TimestampMs);
    }

    [Fact]
    public async Task Appender_without_an_opened_wal_opens_and_replays_it_itself()
    {
        Appender.Tell(Batch("m", 4, 1000));
        await AwaitSamplesAsync(4);
        await Appender.GracefulStop(Wait);
        var options = new WalWriterOptions { Directory = WalPath, SyncPolicy = WalSyncPolicy.Never, SegmentSize = 32 * 1024 };
        var metrics = new AppenderMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
        var reopened = Sys.ActorOf(AppenderActor.Props(options, null, metrics, TimeProvider.System, TimeSpan.FromSeconds(1)));
        var status = await reopened.Ask<WalStatus>(GetWalStatus.Instance, Wait, Token);
        Assert.Equal(4, status.ActiveSeries);
        reopened.Tell(Batch("m", 4, 1000));
        reopened.Tell(Batch("m", 4, 2000));
        await AwaitSamplesAsync(8);
    }

    [Fact]
    public async Task Append_from_many_scrapes_at_once_shares_commits()
    {
        const int appends = 300;
        var before = _notifier.Version;
        for (var i = 0; i < appends; i++)
        {
            Appender.Tell(Batch("m" + i, 5, 1000));
        }
        await AwaitSamplesAsync(appends * 5);
        var commits = _notifier.Version - before;
        Assert.InRange(commits, 1, appends / 3);
    }

    [Fact]
    public async Task TruncateWal_checkpoints_the_lower_two_thirds_but_never_reaches_KeepFromSegment()
    {
        await FillSegmentsAsync(8);
        Appender.Tell(new TruncateWal(MinTimestampMs: 0, KeepFromSegment: 3), TestActor);
        var bounded = await ExpectMsgAsync<WalTruncated>(Wait, cancellationToken: Token);
        Assert.Null(bounded.Error);
        Assert.Equal((3, 2), (bounded.DeletedBelowSegment, bounded.CheckpointSegment));
        Assert.Equal(3, (await Appender.Ask<WalStatus>(GetWalStatus.Instance, Wait, Token)).FirstSegment);

        Appender.Tell(new TruncateWal(MinTimestampMs: 0, KeepFromSegment: int.MaxValue), TestActor);
        var unbounded = await ExpectMsgAsync<WalTruncated>(Wait, cancellationToken: Token);
        var status = await Appender.Ask<WalStatus>(GetWalStatus.Instance, Wait, Token);
        // The first truncation started a segment; of the finished ones from 3 on, the lower two thirds go.
        var expectedLast = 3 + ((status.WriterSegment - 1 - 1 - 3) * 2 / 3);
        Assert.Equal((expectedLast + 1, expectedLast), (unbounded.DeletedBelowSegment, unbounded.CheckpointSegment));
        Assert.True(Directory.Exists(Path.Combine(WalPath, $"checkpoint.{expectedLast:D8}")));
        Assert.False(Directory.Exists(Path.Combine(WalPath, "checkpoint.00000002")));
        Assert.Equal(2, await MetricValues.ValueAsync(_registry, "prometheus_agent_checkpoint_creations_total"));
        Assert.Equal(2, await MetricValues.ValueAsync(_registry, "prometheus_agent_truncate_duration_seconds_count"));
    }

    [Fact]
    public async Task TruncateWal_forced_deletes_everything_below_KeepFromSegment()
    {
        await FillSegmentsAsync(5);
        Appender.Tell(new TruncateWal(MinTimestampMs: 0, KeepFromSegment: 4, Force: true), TestActor);
        var forced = await ExpectMsgAsync<WalTruncated>(Wait, cancellationToken: Token);
        Assert.Equal((4, 3), (forced.DeletedBelowSegment, forced.CheckpointSegment));
        var status = await Appender.Ask<WalStatus>(GetWalStatus.Instance, Wait, Token);
        Assert.Equal(4, status.FirstSegment);
        Assert.Equal(status.LastSegment, status.WriterSegment);
    }

    [Fact]
    public async Task TruncateWal_forgets_series_not_written_since_the_cutoff()
    {
        Appender.Tell(Batch("old", 3, 1000));
        Appender.Tell(Batch("new", 2, 5000));
        await AwaitSamplesAsync(5);
        Appender.Tell(new TruncateWal(MinTimestampMs: 2000, KeepFromSegment: 0), TestActor);
        var result = await ExpectMsgAsync<WalTruncated>(Wait, cancellationToken: Token);
        Assert.Equal(3, result.SeriesCollected);
        Assert.Null(result.DeletedBelowSegment);
        var status = await Appender.Ask<WalStatus>(GetWalStatus.Instance, Wait, Token);
        Assert.Equal(2, status.ActiveSeries);
        Assert.Equal(3, await MetricValues.ValueAsync(_registry, "prometheus_agent_deleted_series"));
    }

    [Fact]
    public async Task GetWalStatus_reports_the_writer_position_and_size()
    {
        Appender.Tell(Batch("m", 10, 1000));
        await AwaitSamplesAsync(10);
        var status = await Appender.Ask<WalStatus>(GetWalStatus.Instance, Wait, Token);
        Assert.Equal(WalPath, status.Directory);
        Assert.Equal(10, status.ActiveSeries);
        Assert.True(status.WriterOffset > 0);
        Assert.True(status.SizeBytes >= status.WriterOffset);
    }

    [Fact]
    public async Task Stop_keeps_everything_appended_and_closes_the_segment()
    {
        Appender.Tell(Batch("m", 50, 1000));
        await Appender.Ask<WalStatus>(GetWalStatus.Instance, Wait, Token);
        await Sys.Terminate();
        var wal = WalContents.Read(WalPath);
        Assert.Equal(50, wal.Samples.Count);
        // A closed segment is padded to a whole page.
        var segment = Directory.GetFiles(WalPath).Single();
        Assert.Equal(0, new FileInfo(segment).Length % (32 * 1024));
    }

    /// <summary>Appends one ~28 KiB record per commit until <paramref name="segments"/> segments are finished.</summary>
    private async Task FillSegmentsAsync(int segments)
    {
        for (var i = 0; i < segments; i++)
        {
            var version = _notifier.Version;
            Appender.Tell(Batch("fill", 2500, 1000 + i));
            await _notifier.WaitAsync(version, Token).WaitAsync(Wait, Token);
        }
        var status = await Appender.Ask<WalStatus>(GetWalStatus.Instance, Wait, Token);
        Assert.True(status.WriterSegment >= segments, $"writer at segment {status.WriterSegment}");
    }
}
