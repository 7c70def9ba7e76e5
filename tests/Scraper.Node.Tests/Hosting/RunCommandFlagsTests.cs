using Scraper.Node.Commands;
using Scraper.Node.Hosting;
using Scraper.Wal;

namespace Scraper.Node.Tests.Hosting;

public sealed class RunCommandFlagsTests
{
    [Fact]
    public void TryParse_noFlags_givesPrometheusDefaults()
    {
        Assert.True(RunCommand.TryParse([], out var o, out var error), error);

        Assert.Equal("prometheus.yml", o.ConfigFile);
        Assert.Equal("0.0.0.0:9090", o.ListenAddress);
        Assert.Equal("data-agent/", o.StoragePath);
        Assert.False(o.EnableLifecycle);
        Assert.True(o.WalCompression);
        Assert.Equal(0, o.WalSegmentSize.Bytes);
        Assert.Equal(TimeSpan.Zero, o.WalTruncateFrequency);
        Assert.Equal(TimeSpan.FromMinutes(1), o.FlushDeadline);
        Assert.Equal(WalSyncPolicy.Interval, o.WalSyncPolicy);
        Assert.Equal(TimeSpan.FromSeconds(1), o.WalSyncInterval);
        Assert.Equal(0, o.MaxSize.Bytes);
        Assert.Equal("info", o.LogLevel);
        Assert.Equal("logfmt", o.LogFormat);
        Assert.Empty(o.ClusterSeeds);
        Assert.Equal(Path.Combine("data-agent/", "wal"), o.WalDirectory);
    }

    [Fact]
    public void TryParse_prometheusAgentCommandLine_isAccepted()
    {
        Assert.True(RunCommand.TryParse(
            ["--enable-feature=agent", "--config.file=/etc/prometheus/prometheus.yml", "--storage.agent.path", "/var/lib/agent",
             "--web.listen-address=:9095", "--web.enable-lifecycle", "--storage.agent.wal-compression=false",
             "--storage.agent.wal-segment-size=64MB", "--storage.agent.wal-truncate-frequency=30m",
             "--storage.agent.retention.min-time=1m", "--storage.agent.retention.max-time=2h", "--storage.remote.flush-deadline=10s",
             "--log.level=debug", "--log.format=json"],
            out var o, out var error), error);

        Assert.Equal("/etc/prometheus/prometheus.yml", o.ConfigFile);
        Assert.Equal("/var/lib/agent", o.StoragePath);
        Assert.Equal(":9095", o.ListenAddress);
        Assert.True(o.EnableLifecycle);
        Assert.False(o.WalCompression);
        Assert.Equal(64L * 1024 * 1024, o.WalSegmentSize.Bytes);
        Assert.Equal(TimeSpan.FromMinutes(30), o.WalTruncateFrequency);
        Assert.Equal(TimeSpan.FromMinutes(1), o.RetentionMinTime);
        Assert.Equal(TimeSpan.FromHours(2), o.RetentionMaxTime);
        Assert.Equal(TimeSpan.FromSeconds(10), o.FlushDeadline);
        Assert.Equal("debug", o.LogLevel);
        Assert.Equal("json", o.LogFormat);
        Assert.Equal(["agent"], o.EnableFeatures);
    }

    [Fact]
    public void TryParse_sendPositionDatabase_defaultsToSqliteInTheStoragePath()
    {
        Assert.True(RunCommand.TryParse([], out var o, out var error), error);
        Assert.Equal("SQLite.MS", o.PositionsProvider);
        Assert.Equal(string.Empty, o.PositionsConnectionString);
        Assert.Equal(string.Empty, o.FlagValues["storage.remote.positions.connection-string"]);
        Assert.Equal("SQLite.MS", o.FlagValues["storage.remote.positions.provider"]);
    }

    [Fact]
    public void TryParse_sendPositionDatabase_takesProviderAndConnectionString_andHidesTheConnectionString()
    {
        Assert.True(RunCommand.TryParse(
            ["--storage.remote.positions.provider=PostgreSQL",
             "--storage.remote.positions.connection-string=Host=db;Database=scraper;Username=agent;Password=hunter2"],
            out var o, out var error), error);
        Assert.Equal("PostgreSQL", o.PositionsProvider);
        Assert.Equal("Host=db;Database=scraper;Username=agent;Password=hunter2", o.PositionsConnectionString);
        Assert.Equal("<secret>", o.FlagValues["storage.remote.positions.connection-string"]);
        Assert.DoesNotContain(o.FlagValues.Values, v => v.Contains("hunter2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("commit", WalSyncPolicy.PerCommit, 1000)]
    [InlineData("never", WalSyncPolicy.Never, 1000)]
    [InlineData("250ms", WalSyncPolicy.Interval, 250)]
    public void TryParse_walFsync_choosesPolicy(string value, WalSyncPolicy policy, int intervalMs)
    {
        Assert.True(RunCommand.TryParse(["--storage.agent.wal-fsync=" + value], out var o, out var error), error);

        Assert.Equal(policy, o.WalSyncPolicy);
        Assert.Equal(TimeSpan.FromMilliseconds(intervalMs), o.WalSyncInterval);
    }

    [Fact]
    public void TryParse_repeatedFlags_keepEveryValue()
    {
        Assert.True(RunCommand.TryParse(
            ["--cluster.seed=127.0.0.1:4053", "--cluster.seed", "127.0.0.2:4053", "--enable-feature=agent,extra-scrape-metrics"],
            out var o, out var error), error);

        Assert.Equal(["127.0.0.1:4053", "127.0.0.2:4053"], o.ClusterSeeds);
        Assert.Equal(["agent", "extra-scrape-metrics"], o.EnableFeatures);
        Assert.Equal("127.0.0.1:4053,127.0.0.2:4053", o.FlagValues["cluster.seed"]);
    }

    [Fact]
    public void TryParse_flagValues_listEveryFlagForTheStatusApi()
    {
        Assert.True(RunCommand.TryParse(["--config.file=x.yml"], out var o, out _));

        Assert.Equal("x.yml", o.FlagValues["config.file"]);
        Assert.Equal("0.0.0.0:9090", o.FlagValues["web.listen-address"]);
        Assert.Equal("false", o.FlagValues["web.enable-lifecycle"]);
        Assert.Equal("0s", o.FlagValues["storage.agent.wal-truncate-frequency"]);
        Assert.DoesNotContain("help", o.FlagValues.Keys);
    }

    [Theory]
    [InlineData("--storage.agent.wal-segment-size=12XB", "--storage.agent.wal-segment-size")]
    [InlineData("--storage.agent.wal-segment-size=1KB", "must be between 32KiB and 2GiB")]
    [InlineData("--storage.agent.retention.max-time=forever", "--storage.agent.retention.max-time")]
    [InlineData("--storage.agent.wal-fsync=sometimes", "--storage.agent.wal-fsync")]
    [InlineData("--storage.agent.max-size=lots", "--storage.agent.max-size")]
    [InlineData("--storage.remote.positions.provider=PostgreSQL", "flag --storage.remote.positions.connection-string is required with --storage.remote.positions.provider=PostgreSQL")]
    [InlineData("--storage.remote.positions.provider=", "--storage.remote.positions.provider: a provider name is required")]
    [InlineData("--log.level=verbose", "--log.level")]
    [InlineData("--log.format=xml", "--log.format")]
    [InlineData("--web.listen-address=9090", "missing port in address")]
    [InlineData("--web.listen-address=127.0.0.1:99999", "invalid port")]
    [InlineData("--cluster.listen-address=:4053", "needs a host")]
    [InlineData("--cluster.seed=127.0.0.1:0", "--cluster.seed")]
    [InlineData("--storage.tsdb.path=x", "unknown long flag '--storage.tsdb.path'")]
    [InlineData("--web.enable-lifecycle=maybe", "--web.enable-lifecycle")]
    [InlineData("positional", "unexpected argument 'positional'")]
    public void TryParse_badValue_namesTheFlag(string arg, string fragment)
    {
        Assert.False(RunCommand.TryParse([arg], out _, out var error));

        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }
}
