using Scraper.Node.Configuration;
using static Scraper.Node.Tests.Configuration.ConfigTestHelper;

namespace Scraper.Node.Tests.Configuration;

/// <summary>Whatever the input, loading answers with errors and never throws.</summary>
public sealed class ConfigRobustnessTests
{
    [Theory]
    [InlineData("valid/full-2.42.yml")]
    [InlineData("../../deploy/scraper.example.yml")]
    public void Load_everyTruncationOfAValidFile_neverThrows(string file)
    {
        var text = File.ReadAllText(TestDataPath(file));
        var options = new ConfigLoaderOptions { CheckReferencedFiles = false };
        var rejected = 0;

        // Every line boundary and a spread of offsets inside lines (each load compiles the file's regexes,
        // so every single offset would take tens of seconds without finding more).
        var cuts = Enumerable.Range(0, text.Length + 1).Where(i => i % 7 == 0 || i == text.Length || text[Math.Max(0, i - 1)] == '\n');
        foreach (var length in cuts)
        {
            var result = ConfigLoader.Load(text[..length], "truncated.yml", options);
            if (!result.IsValid)
            {
                rejected++;
                Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            }
        }

        // Cutting a file mid-key must be caught at least sometimes; cutting at line ends is often still valid.
        Assert.InRange(rejected, 1, text.Length);
    }

    [Theory]
    [InlineData("self-referencing alias", "scrape_configs: &a [*a]\n", "unknown anchor 'a'")]
    [InlineData("NUL in a file path", "scrape_configs:\n- job_name: a\n  bearer_token_file: \"a\\0b\"\n", "bearer_token_file")]
    [InlineData("huge integer", "scrape_configs:\n- job_name: a\n  sample_limit: 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\n", "cannot unmarshal")]
    [InlineData("integer past int64", "scrape_configs:\n- job_name: a\n  sample_limit: 9223372036854775808\n", "out of range")]
    [InlineData("complex key", "? [a]\n: b\n", "a mapping key must be a string")]
    [InlineData("merge of a scalar", "scrape_configs:\n- <<: 1\n  job_name: a\n", "map merge requires")]
    [InlineData("binary junk", "\u0001\u0002\u0003", "")]
    public void Load_hostileInput_isAnErrorNotAnException(string name, string yaml, string fragment)
    {
        var result = Load(yaml);

        Assert.False(result.IsValid, name);
        Assert.Contains(result.Errors, e => e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_deeplyNestedDocument_isAnErrorNotAStackOverflow()
    {
        var yaml = "scrape_configs: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var result = Load(yaml);

        Assert.Contains(result.Errors, e => e.Message.Contains("nesting deeper than 256 levels", StringComparison.Ordinal));
    }
}
