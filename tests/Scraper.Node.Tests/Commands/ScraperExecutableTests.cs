using Scraper.Node.Tests.Configuration;

namespace Scraper.Node.Tests.Commands;

/// <summary>The real <c>scraper</c> executable: exit codes and streams as a shell sees them.</summary>
public sealed class ScraperExecutableTests
{
    private static readonly string ScraperDll = Path.Combine(AppContext.BaseDirectory, "scraper.dll");

    private static Task<ProcessRunner.Result> Scraper(params string[] args) =>
        ProcessRunner.RunAsync(DotnetHost.Path, [ScraperDll, .. args], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

    [Fact]
    public async Task CheckConfig_validFile_exitsZero()
    {
        var file = ConfigTestHelper.TestDataPath("valid", "prometheus-agent.yml");

        var result = await Scraper("check", "config", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($" SUCCESS: {file} is valid prometheus config file syntax", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_invalidFile_exitsOneWithPositionsOnStderr()
    {
        var file = ConfigTestHelper.TestDataPath("invalid", "timeout-greater-than-interval.yml");

        var result = await Scraper("check", "config", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{file}:4:21: scrape timeout greater than scrape interval", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_exitsTwoWithUsageOnStderr()
    {
        var result = await Scraper("frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("usage: scraper", result.Stderr, StringComparison.Ordinal);
    }
}
