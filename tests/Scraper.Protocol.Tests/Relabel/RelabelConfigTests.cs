using Scraper.Protocol.Relabel;

namespace Scraper.Protocol.Tests.Relabel;

public class RelabelConfigTests
{
    public static TheoryData<RelabelConfig, string> Invalid => new()
    {
        // Every message below is what `promtool check config` 2.42 printed for the same rule.
        { new() { Action = RelabelAction.HashMod, TargetLabel = "t" }, "relabel configuration for hashmod requires non-zero modulus" },
        { new() { Action = RelabelAction.HashMod, Modulus = 2 }, "relabel configuration for hashmod action requires 'target_label' value" },
        { new() { Action = RelabelAction.Replace }, "relabel configuration for replace action requires 'target_label' value" },
        { new() { Action = RelabelAction.Lowercase, SourceLabels = ["a"] }, "relabel configuration for lowercase action requires 'target_label' value" },
        { new() { Action = RelabelAction.Uppercase, SourceLabels = ["a"] }, "relabel configuration for uppercase action requires 'target_label' value" },
        { new() { Action = RelabelAction.KeepEqual, SourceLabels = ["a"] }, "relabel configuration for keepequal action requires 'target_label' value" },
        { new() { Action = RelabelAction.DropEqual, SourceLabels = ["a"] }, "relabel configuration for dropequal action requires 'target_label' value" },
        { new() { TargetLabel = "1abc" }, "\"1abc\" is invalid 'target_label' for replace action" },
        { new() { TargetLabel = "a-b" }, "\"a-b\" is invalid 'target_label' for replace action" },
        { new() { TargetLabel = "$1-x" }, "\"$1-x\" is invalid 'target_label' for replace action" },
        { new() { TargetLabel = "é" }, "\"é\" is invalid 'target_label' for replace action" },
        { new() { TargetLabel = "a\nb" }, "\"a\\nb\" is invalid 'target_label' for replace action" },
        { new() { TargetLabel = "x$1\n" }, "\"x$1\\n\" is invalid 'target_label' for replace action" },
        { new() { Action = RelabelAction.Uppercase, SourceLabels = ["a"], TargetLabel = "a-b" }, "\"a-b\" is invalid 'target_label' for uppercase action" },
        { new() { Action = RelabelAction.HashMod, TargetLabel = "x$1", Modulus = 3 }, "\"x$1\" is invalid 'target_label' for hashmod action" },
        // 2.42 accepted these two; they do not expand the target, and current Prometheus rejects them.
        { new() { Action = RelabelAction.Lowercase, SourceLabels = ["a"], TargetLabel = "$1" }, "\"$1\" is invalid 'target_label' for lowercase action" },
        { new() { Action = RelabelAction.KeepEqual, SourceLabels = ["a"], TargetLabel = "x$1" }, "\"x$1\" is invalid 'target_label' for keepequal action" },
        { new() { Action = RelabelAction.HashMod, TargetLabel = "1x", Modulus = 3 }, "\"1x\" is invalid 'target_label' for hashmod action" },
        { new() { Action = RelabelAction.LabelMap, Replacement = "a-$1" }, "\"a-$1\" is invalid 'replacement' for labelmap action" },
        { new() { Action = RelabelAction.LabelMap, Replacement = "é" }, "\"é\" is invalid 'replacement' for labelmap action" },
        { WithRegex(new() { Action = RelabelAction.KeepEqual, SourceLabels = ["a"], TargetLabel = "b" }, "x"), "keepequal action requires only 'source_labels' and `target_label`, and no other fields" },
        { new() { Action = RelabelAction.KeepEqual, SourceLabels = ["a"], TargetLabel = "b", Separator = "," }, "keepequal action requires only 'source_labels' and `target_label`, and no other fields" },
        { new() { Action = RelabelAction.DropEqual, SourceLabels = ["a"], TargetLabel = "b", Modulus = 2 }, "dropequal action requires only 'source_labels' and `target_label`, and no other fields" },
        { new() { Action = RelabelAction.DropEqual, SourceLabels = ["a"], TargetLabel = "b", Replacement = "r" }, "'replacement' can not be set for dropequal action" },
        { new() { Action = RelabelAction.Lowercase, SourceLabels = ["a"], TargetLabel = "b", Replacement = "r" }, "'replacement' can not be set for lowercase action" },
        { WithRegex(new() { Action = RelabelAction.LabelDrop, SourceLabels = ["a"] }, "x"), "labeldrop action requires only 'regex', and no other fields" },
        { WithRegex(new() { Action = RelabelAction.LabelKeep, TargetLabel = "b" }, "x"), "labelkeep action requires only 'regex', and no other fields" },
        { WithRegex(new() { Action = RelabelAction.LabelKeep, Separator = "," }, "x"), "labelkeep action requires only 'regex', and no other fields" },
        { WithRegex(new() { Action = RelabelAction.LabelKeep, Replacement = "y" }, "x"), "labelkeep action requires only 'regex', and no other fields" },
        { WithRegex(new() { Action = RelabelAction.LabelKeep, Modulus = 1 }, "x"), "labelkeep action requires only 'regex', and no other fields" },
    };

    public static TheoryData<RelabelConfig> Valid => new()
    {
        // Accepted by promtool 2.42.
        new RelabelConfig { TargetLabel = "${1}" },
        new RelabelConfig { TargetLabel = "x_$1" },
        new RelabelConfig { TargetLabel = "x$ab" },
        new RelabelConfig { Action = RelabelAction.LabelMap, Replacement = "$1" },
        new RelabelConfig { Action = RelabelAction.LabelKeep, Separator = ";" },
        new RelabelConfig { Action = RelabelAction.HashMod, SourceLabels = ["a"], TargetLabel = "h", Modulus = 1 },
        new RelabelConfig { Action = RelabelAction.Keep, SourceLabels = ["a"] },
        new RelabelConfig { Action = RelabelAction.Drop },
        new RelabelConfig { Action = RelabelAction.KeepEqual, SourceLabels = ["a", "b"], TargetLabel = "c" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_invalidCombination_firstErrorIsPrometheusMessage(RelabelConfig config, string message)
    {
        var errors = config.Validate();

        Assert.NotEmpty(errors);
        Assert.Equal(message, errors[0]);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Validate_acceptedByPrometheus_noErrors(RelabelConfig config)
    {
        Assert.Empty(config.Validate());
    }

    [Fact]
    public void Validate_unprintableTargetLabel_quotedLikeGo()
    {
        var errors = new RelabelConfig { TargetLabel = "a\u0001\u00A0\t\"\\" }.Validate();

        Assert.Equal("\"a\\x01\\u00a0\\t\\\"\\\\\" is invalid 'target_label' for replace action", errors[0]);
    }

    [Fact]
    public void Defaults_areThoseOfPrometheus()
    {
        var c = new RelabelConfig();

        Assert.Equal(RelabelAction.Replace, c.Action);
        Assert.Equal(";", c.Separator);
        Assert.Equal("(.*)", c.RegexPattern);
        Assert.Equal("$1", c.Replacement);
        Assert.Equal(0UL, c.Modulus);
        Assert.Matches(c.Regex, "any");
        Assert.DoesNotMatch(c.Regex, "a\nb");
    }

    [Fact]
    public void Defaults_shareOneCompiledRegex()
    {
        Assert.Same(new RelabelConfig().Regex, new RelabelConfig().Regex);
    }

    private static RelabelConfig WithRegex(RelabelConfig c, string regex) =>
        c with { RegexPattern = regex, Regex = RelabelConfig.CompileAnchored(regex) };
}
