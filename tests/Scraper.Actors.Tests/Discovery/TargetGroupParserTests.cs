using System.Text;
using Scraper.Actors.Discovery;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Tests.Discovery;

public sealed class TargetGroupParserTests
{
    private static readonly Label Meta = new("__meta_filepath", "/sd/a.json");

    [Fact]
    public void TryParseJson_reads_targets_and_labels_and_adds_source_and_meta_label()
    {
        const string json = """[{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}, {"targets": ["c:3"]}]""";
        Assert.True(TargetGroupParser.TryParseJson(Encoding.UTF8.GetBytes(json), "/sd/a.json", Meta, out var groups, out var error), error);
        Assert.Equal(2, groups.Length);
        Assert.Equal("/sd/a.json:0", groups[0].Source);
        Assert.Equal([Labels.FromStrings("__address__", "a:1"), Labels.FromStrings("__address__", "b:2")], groups[0].Targets);
        Assert.Equal(Labels.FromStrings("env", "prod", "__meta_filepath", "/sd/a.json"), groups[0].Labels);
        Assert.Equal("/sd/a.json:1", groups[1].Source);
        Assert.Equal(Labels.FromStrings("__meta_filepath", "/sd/a.json"), groups[1].Labels);
    }

    [Theory]
    [InlineData("[{\"targets\": [\"a:1\"], \"labels\": {\"bad-name\": \"x\"}}]", "group 0: \"bad-name\" is not a valid label name")]
    [InlineData("[{\"targets\": [\"a:1\"], \"extra\": 1}]", "group 0: unknown field \"extra\"")]
    [InlineData("[null]", "group 0: nil target group item found")]
    [InlineData("[{\"targets\": [1]}]", "group 0: a target must be a string, got a number")]
    [InlineData("{\"targets\": []}", "expected a JSON array of target groups, got an object")]
    [InlineData("[\n{\"targets\": [\"a:1\"],\n}]", "line 3: invalid JSON")]
    public void TryParseJson_rejects_bad_input_with_the_reason(string json, string expected)
    {
        Assert.False(TargetGroupParser.TryParseJson(Encoding.UTF8.GetBytes(json), "f", Meta, out _, out var error));
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void TryParseYaml_reads_the_same_groups()
    {
        const string yaml = "- targets: ['a:1']\n  labels:\n    env: prod\n- targets:\n  - c:3\n";
        Assert.True(TargetGroupParser.TryParseYaml(yaml, "/sd/a.yml", Meta, out var groups, out var error), error);
        Assert.Equal(2, groups.Length);
        Assert.Equal("prod", groups[0].Labels.Get("env"));
        Assert.Equal("c:3", groups[1].Targets[0].Get("__address__"));
    }

    [Fact]
    public void TryParseYaml_of_an_empty_file_gives_no_groups()
    {
        Assert.True(TargetGroupParser.TryParseYaml("", "f", Meta, out var groups, out _));
        Assert.Empty(groups);
    }

    [Theory]
    [InlineData("- targets: ['a:1']\n  lables: {x: y}\n", "line 2: field lables not found")]
    [InlineData("- targets: ['a:1']\n  labels: {0bad: y}\n", "line 2: \"0bad\" is not a valid label name")]
    [InlineData("- targets: [a:1\n", "line 2: invalid YAML")]
    [InlineData("targets: ['a:1']\n", "line 1: expected a list of target groups")]
    public void TryParseYaml_rejects_bad_input_with_the_line(string yaml, string expected)
    {
        Assert.False(TargetGroupParser.TryParseYaml(yaml, "f", Meta, out _, out var error));
        Assert.StartsWith(expected, error);
    }
}
