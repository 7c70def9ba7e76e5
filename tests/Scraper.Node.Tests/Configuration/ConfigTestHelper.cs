using Scraper.Actors.Configuration;
using Scraper.Node.Configuration;

namespace Scraper.Node.Tests.Configuration;

/// <summary>Loads configuration snippets the way the tests need them.</summary>
internal static class ConfigTestHelper
{
    public const string FileName = "prometheus.yml";

    public static ConfigLoadResult Load(string yaml, ConfigLoaderOptions? options = null) =>
        ConfigLoader.Load(yaml, FileName, options ?? new ConfigLoaderOptions { GetEnvironmentVariable = _ => null });

    public static PrometheusOptions LoadValid(string yaml, ConfigLoaderOptions? options = null)
    {
        var result = Load(yaml, options);
        Assert.True(result.IsValid, "expected a valid configuration, got:\n" + string.Join('\n', result.Errors));
        return result.Options!;
    }

    public static string TestDataPath(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", "config", .. parts]);
}
