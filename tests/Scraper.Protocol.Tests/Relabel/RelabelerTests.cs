using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;
using static Scraper.Protocol.Tests.Relabel.Rule;

namespace Scraper.Protocol.Tests.Relabel;

public class RelabelerTests
{
    private static readonly Labels Base = L("__name__", "up", "job", "node", "instance", "10.0.0.1:9100", "env", "prod");

    [Fact]
    public void Replace_defaults_copySourceToTarget()
    {
        var result = Run(Base, Of(source: ["job"], target: "copied"));

        Assert.Equal(L("__name__", "up", "job", "node", "instance", "10.0.0.1:9100", "env", "prod", "copied", "node"), result);
    }

    [Fact]
    public void Replace_groupsInReplacement_writeExpansion()
    {
        var result = Run(Base, Of(source: ["instance"], regex: @"([^:]+):(\d+)", target: "host", replacement: "$1 on ${2}"));

        Assert.Equal("10.0.0.1 on 9100", result!.Get("host"));
    }

    [Fact]
    public void Replace_regexDoesNotMatch_changesNothing()
    {
        var result = Run(Base, Of(source: ["job"], regex: "nomatch", target: "job", replacement: "changed"));

        Assert.Same(Base, result);
    }

    [Fact]
    public void Replace_regexMatchesOnlyPartOfValue_doesNotMatch()
    {
        // Anchored: "ode" occurs in "node" but does not match the whole value.
        var result = Run(Base, Of(source: ["job"], regex: "ode", target: "hit", replacement: "yes"));

        Assert.False(result!.Has("hit"));
    }

    [Fact]
    public void Replace_alternationIsAnchoredAsAWhole()
    {
        // ^(?:a|node)$ — without the group, "^a|node$" would match any value ending in "node".
        var result = Run(L("job", "xnode"), Of(source: ["job"], regex: "a|node", target: "hit", replacement: "yes"));

        Assert.False(result!.Has("hit"));
    }

    [Fact]
    public void Replace_dotAndNewline_dotDoesNotMatchNewlineAsInPrometheus242()
    {
        // Prometheus 2.42 anchors with ^(?:...)$ and no s flag (the real binary leaves "x\ny" unmatched by x.y).
        var labels = L("v", "x\ny");

        Assert.False(Run(labels, Of(source: ["v"], regex: "x.y", target: "hit", replacement: "yes"))!.Has("hit"));
        Assert.False(Run(labels, Of(source: ["v"], target: "copy"))!.Has("copy"));
        Assert.Equal("yes", Run(labels, Of(source: ["v"], regex: "(?s)x.y", target: "hit", replacement: "yes"))!.Get("hit"));
    }

    [Fact]
    public void Replace_trailingNewline_isNotSwallowedByEndAnchor()
    {
        // .NET's $ would match before a final \n; Go's $ is the end of the text.
        var result = Run(L("v", "abc\n"), Of(source: ["v"], regex: "abc", target: "hit", replacement: "yes"));

        Assert.False(result!.Has("hit"));
    }

    [Fact]
    public void Replace_emptyResult_deletesTarget()
    {
        var result = Run(Base, Of(source: ["missing"], target: "env"));

        Assert.False(result!.Has("env"));
    }

    [Fact]
    public void Replace_emptySourceAndLiteralReplacement_setsTarget()
    {
        var result = Run(Base, Of(source: ["missing"], target: "added", replacement: "fixed"));

        Assert.Equal("fixed", result!.Get("added"));
    }

    [Fact]
    public void Replace_noSourceLabels_matchesEmptyString()
    {
        var result = Run(Base, Of(target: "static", replacement: "v"));

        Assert.Equal("v", result!.Get("static"));
    }

    [Fact]
    public void Replace_templatedTarget_writesExpandedName()
    {
        var result = Run(Base, Of(source: ["job"], regex: "(.*)", target: "is_$1", replacement: "true"));

        Assert.Equal("true", result!.Get("is_node"));
    }

    [Fact]
    public void Replace_expandedTargetInvalid_ruleSkipped()
    {
        // "a-b" is no label name; Prometheus 2.42 then deletes the literal "x_$1", which cannot exist.
        var labels = L("src", "a-b", "x_", "kept");

        var result = Run(labels, Of(source: ["src"], target: "x_$1", replacement: "v"));

        Assert.Same(labels, result);
    }

    [Fact]
    public void Replace_templatedTargetEmptyResult_leavesExpandedLabelAlone()
    {
        // Observed with Prometheus 2.42: the empty result deletes the literal target_label "x_${1}", not "x_".
        var labels = L("x_", "tobedeleted");

        var result = Run(labels, Of(source: ["empty"], target: "x_${1}", replacement: "$1"));

        Assert.Equal("tobedeleted", result!.Get("x_"));
    }

    [Fact]
    public void Replace_sameValue_returnsSameInstance()
    {
        var result = Run(Base, Of(source: ["job"], target: "job"));

        Assert.Same(Base, result);
    }

    [Theory]
    [InlineData("a", "b", ";", "a;b")]
    [InlineData("a", "b", "", "ab")]
    [InlineData("a", "", "|", "a|")]
    [InlineData("", "", "::", "::")]
    public void Replace_multipleSources_joinedWithSeparator(string first, string second, string separator, string expected)
    {
        var labels = L("first", first, "second", second, "keep", "1");

        var result = Run(labels, Of(source: ["first", "second"], separator: separator == ";" ? null : separator, target: "joined"));

        Assert.Equal(expected, result!.Get("joined"));
    }

    [Fact]
    public void Replace_joinedValueLongerThanStackBuffer_isJoinedCompletely()
    {
        var a = new string('a', 300);
        var b = new string('b', 300);

        var result = Run(L("a", a, "b", b), Of(source: ["a", "b"], regex: "(a+);(b+)", target: "c", replacement: "$2$1"));

        Assert.Equal(b + a, result!.Get("c"));
    }

    [Fact]
    public void Replace_tmpLabel_carriesValueBetweenRules()
    {
        var result = Run(
            Base,
            Of(source: ["job", "env"], target: "__tmp_key"),
            Of(source: ["__tmp_key"], regex: "node;prod", target: "tier", replacement: "gold"),
            Of(action: RelabelAction.LabelDrop, regex: "__tmp_.*"));

        Assert.Equal("gold", result!.Get("tier"));
        Assert.False(result.Has("__tmp_key"));
    }

    [Theory]
    [InlineData("node", true)]
    [InlineData("nod", false)]
    [InlineData("xnode", false)]
    public void Keep_matchingWholeValue_keepsElseDrops(string job, bool kept)
    {
        var result = Run(L("job", job), Of(action: RelabelAction.Keep, source: ["job"], regex: "node"));

        Assert.Equal(kept, result is not null);
    }

    [Theory]
    [InlineData("node", false)]
    [InlineData("nodes", true)]
    public void Drop_matchingWholeValue_dropsElseKeeps(string job, bool kept)
    {
        var result = Run(L("job", job), Of(action: RelabelAction.Drop, source: ["job"], regex: "node"));

        Assert.Equal(kept, result is not null);
    }

    [Fact]
    public void Drop_defaultRegexOnMissingSource_dropsEverything()
    {
        // (.*) matches the empty joined value.
        Assert.Null(Run(Base, Of(action: RelabelAction.Drop, source: ["missing"])));
    }

    [Fact]
    public void Keep_multiSourceJoined_matchesAgainstJoinedValue()
    {
        var rule = Of(action: RelabelAction.Keep, source: ["job", "env"], separator: "/", regex: "node/prod");

        Assert.NotNull(Run(Base, rule));
        Assert.Null(Run(Base.ToBuilder().Set("env", "dev").ToLabels(), rule));
    }

    [Fact]
    public void Drop_stopsLaterRules()
    {
        var builder = Base.ToBuilder();

        var kept = Relabeler.Process(builder, [Of(action: RelabelAction.Drop, source: ["job"], regex: "node"), Of(target: "late", replacement: "x")]);

        Assert.False(kept);
        Assert.False(builder.Has("late"));
    }

    [Theory]
    [InlineData("x", "x", true)]
    [InlineData("x", "y", false)]
    [InlineData("", "", true)]
    public void KeepEqual_comparesJoinedSourceWithTarget(string source, string target, bool kept)
    {
        var result = Run(L("s", source, "t", target, "other", "1"), Of(action: RelabelAction.KeepEqual, source: ["s"], target: "t"));

        Assert.Equal(kept, result is not null);
    }

    [Theory]
    [InlineData("x", "x", false)]
    [InlineData("x", "y", true)]
    public void DropEqual_comparesJoinedSourceWithTarget(string source, string target, bool kept)
    {
        var result = Run(L("s", source, "t", target), Of(action: RelabelAction.DropEqual, source: ["s"], target: "t"));

        Assert.Equal(kept, result is not null);
    }

    [Fact]
    public void KeepEqual_multiSource_joinedWithDefaultSeparator()
    {
        var labels = L("a", "1", "b", "2", "t", "1;2");

        Assert.NotNull(Run(labels, Of(action: RelabelAction.KeepEqual, source: ["a", "b"], target: "t")));
        Assert.Null(Run(labels, Of(action: RelabelAction.DropEqual, source: ["a", "b"], target: "t")));
    }

    [Fact]
    public void Lowercase_writesLowercasedJoinedValue()
    {
        var result = Run(L("a", "MiXeD", "b", "ÀÉÎ"), Of(action: RelabelAction.Lowercase, source: ["a", "b"], target: "low"));

        Assert.Equal("mixed;àéî", result!.Get("low"));
    }

    [Fact]
    public void Uppercase_writesUppercasedValue()
    {
        var result = Run(L("a", "straße ǅ µ"), Of(action: RelabelAction.Uppercase, source: ["a"], target: "up"));

        // Simple case mapping as Go: ß has no single-rune upper case, ǅ -> Ǆ, µ -> Μ (Greek capital mu).
        Assert.Equal("STRAßE Ǆ \u039C", result!.Get("up"));
    }

    [Fact]
    public void Lowercase_emptySource_deletesTarget()
    {
        var result = Run(L("t", "old", "x", "1"), Of(action: RelabelAction.Lowercase, source: ["missing"], target: "t"));

        Assert.False(result!.Has("t"));
    }

    [Fact]
    public void Lowercase_alreadyLower_returnsSameInstance()
    {
        var labels = L("a", "abc", "low", "abc");

        Assert.Same(labels, Run(labels, Of(action: RelabelAction.Lowercase, source: ["a"], target: "low")));
    }

    [Fact]
    public void LabelMap_copiesMatchingNamesAndKeepsOriginals()
    {
        var labels = L("__meta_kubernetes_pod_label_app", "web", "__meta_kubernetes_pod_label_tier", "fe", "other", "x");

        var result = Run(labels, Of(action: RelabelAction.LabelMap, regex: "__meta_kubernetes_pod_label_(.+)"));

        Assert.Equal("web", result!.Get("app"));
        Assert.Equal("fe", result.Get("tier"));
        Assert.Equal("web", result.Get("__meta_kubernetes_pod_label_app"));
        Assert.Equal(5, result.Count);
    }

    [Fact]
    public void LabelMap_replacementTemplate_buildsName()
    {
        var result = Run(L("a_x", "1", "a_y", "2"), Of(action: RelabelAction.LabelMap, regex: "a_(.*)", replacement: "b_${1}_c"));

        Assert.Equal("1", result!.Get("b_x_c"));
        Assert.Equal("2", result.Get("b_y_c"));
    }

    [Fact]
    public void LabelMap_readsLabelsAsTheyWereBeforeTheRule()
    {
        // Mapping a -> b overwrites b with a's value, but b itself is then mapped with its original value,
        // as in Prometheus 2.42, which walks the rule's input set.
        var result = Run(L("a", "1", "b", "2"), Of(action: RelabelAction.LabelMap, regex: "(a|b)", replacement: "b"));

        Assert.Equal("2", result!.Get("b"));
        Assert.Equal("1", result.Get("a"));
    }

    [Fact]
    public void LabelMap_toInvalidName_isWrittenAsPrometheusDoes()
    {
        // Prometheus 2.42 does not check labelmap results (the real binary shows a "9b" target label);
        // the target builder rejects such a set.
        var result = Run(L("a9b", "v"), Of(action: RelabelAction.LabelMap, regex: "a(.*)", replacement: "$1"));

        Assert.Equal("v", result!.Get("9b"));
    }

    [Fact]
    public void LabelDrop_removesMatchingNames()
    {
        var result = Run(Base, Of(action: RelabelAction.LabelDrop, regex: "env|instance"));

        Assert.Equal(L("__name__", "up", "job", "node"), result);
    }

    [Fact]
    public void LabelKeep_keepsOnlyMatchingNames()
    {
        var result = Run(Base, Of(action: RelabelAction.LabelKeep, regex: "__name__|job"));

        Assert.Equal(L("__name__", "up", "job", "node"), result);
    }

    [Fact]
    public void LabelDrop_nameMustMatchWhole()
    {
        var result = Run(Base, Of(action: RelabelAction.LabelDrop, regex: "en"));

        Assert.Same(Base, result);
    }

    [Fact]
    public void LabelKeep_matchingNothing_leavesEmptySet()
    {
        var result = Run(Base, Of(action: RelabelAction.LabelKeep, regex: "nothing"));

        Assert.Equal(Labels.Empty, result);
    }

    [Fact]
    public void Process_noRules_returnsSameInstance()
    {
        Assert.Same(Base, Relabeler.Process(Base, []));
        Assert.Same(Base, Relabeler.Process(Base, default(ImmutableArray<RelabelConfig>)));
    }

    [Fact]
    public void Process_builderOverload_mutatesBuilder()
    {
        var builder = Base.ToBuilder();

        var kept = Relabeler.Process(builder, [Of(source: ["job"], regex: "(n)(.*)", target: "job", replacement: "$2$1")]);

        Assert.True(kept);
        Assert.Equal("oden", builder.Get("job"));
    }

    [Fact]
    public void Process_rulesSeeEarlierRulesOutput()
    {
        var result = Run(
            Base,
            Of(source: ["job"], target: "a", replacement: "first"),
            Of(source: ["a"], target: "b"),
            Of(action: RelabelAction.Keep, source: ["b"], regex: "first"));

        Assert.Equal("first", result!.Get("b"));
    }

    [Fact]
    public void HashMod_modulusZeroBypassingValidation_throwsArgumentException()
    {
        var rule = new RelabelConfig { Action = RelabelAction.HashMod, SourceLabels = ["job"], TargetLabel = "h" };

        Assert.Throws<ArgumentException>(() => Run(Base, rule));
    }
}
