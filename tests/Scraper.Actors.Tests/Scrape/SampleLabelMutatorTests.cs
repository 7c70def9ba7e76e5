using System.Collections.Immutable;
using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Tests.Scrape;

public sealed class SampleLabelMutatorTests
{
    private static readonly Labels Target = Labels.FromStrings("instance", "a:9100", "job", "node");

    [Fact]
    public void Mutate_adds_target_labels()
    {
        var result = SampleLabelMutator.Mutate(Labels.FromStrings("__name__", "up2"), Target, false, []);
        Assert.Equal(Labels.FromStrings("__name__", "up2", "instance", "a:9100", "job", "node"), result);
    }

    [Fact]
    public void Mutate_without_honor_labels_renames_clashing_exposed_labels()
    {
        var exposed = Labels.FromStrings("__name__", "m", "job", "app", "instance", "pod-1");
        var result = SampleLabelMutator.Mutate(exposed, Target, honorLabels: false, []);
        Assert.Equal(
            Labels.FromStrings("__name__", "m", "job", "node", "instance", "a:9100", "exported_job", "app", "exported_instance", "pod-1"),
            result);
    }

    [Fact]
    public void Mutate_adds_more_prefixes_while_the_exported_name_is_taken()
    {
        var exposed = Labels.FromStrings("__name__", "m", "job", "app", "exported_job", "older");
        var result = SampleLabelMutator.Mutate(exposed, Target, honorLabels: false, []);
        Assert.Equal("node", result!.Get("job"));
        Assert.Equal("older", result.Get("exported_job"));
        Assert.Equal("app", result.Get("exported_exported_job"));
    }

    [Fact]
    public void Mutate_with_honor_labels_keeps_exposed_values()
    {
        var exposed = Labels.FromStrings("__name__", "m", "job", "app");
        var result = SampleLabelMutator.Mutate(exposed, Target, honorLabels: true, []);
        Assert.Equal(Labels.FromStrings("__name__", "m", "job", "app", "instance", "a:9100"), result);
    }

    [Fact]
    public void Mutate_applies_metric_relabeling_after_target_labels()
    {
        ImmutableArray<RelabelConfig> rules =
        [
            new() { SourceLabels = ["job"], RegexPattern = "node", Regex = RelabelConfig.CompileAnchored("node"), TargetLabel = "team", Replacement = "infra" },
            new() { SourceLabels = ["__name__"], RegexPattern = "drop_.*", Regex = RelabelConfig.CompileAnchored("drop_.*"), Action = RelabelAction.Drop },
        ];
        Assert.Equal("infra", SampleLabelMutator.Mutate(Labels.FromStrings("__name__", "keep"), Target, false, rules)!.Get("team"));
        Assert.Null(SampleLabelMutator.Mutate(Labels.FromStrings("__name__", "drop_me"), Target, false, rules));
    }

    [Fact]
    public void ReportLabels_carry_the_target_labels() =>
        Assert.Equal(Labels.FromStrings("__name__", "up", "instance", "a:9100", "job", "node"), SampleLabelMutator.ReportLabels("up", Target));
}
