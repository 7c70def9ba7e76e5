using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.Relabel;

/// <summary>
/// One relabel rule, as in a <c>relabel_configs</c>, <c>metric_relabel_configs</c> or
/// <c>write_relabel_configs</c> list. Defaults are Prometheus's: separator <c>;</c>, regex <c>(.*)</c>
/// (anchored at both ends), replacement <c>$1</c>, action <c>replace</c>.
/// </summary>
public sealed record RelabelConfig
{
    /// <summary>Prometheus's default separator.</summary>
    public const string DefaultSeparator = ";";

    /// <summary>Prometheus's default regex (before anchoring).</summary>
    public const string DefaultRegex = "(.*)";

    /// <summary>Prometheus's default replacement.</summary>
    public const string DefaultReplacement = "$1";

    /// <summary>Labels whose values are joined with <see cref="Separator"/> to form the input.</summary>
    public ImmutableArray<string> SourceLabels { get; init; } = [];

    /// <summary>Joins the source label values.</summary>
    public string Separator { get; init; } = DefaultSeparator;

    /// <summary>The regex as written in the configuration (unanchored).</summary>
    public string RegexPattern { get; init; } = DefaultRegex;

    /// <summary>
    /// The compiled, anchored regex. Defaults to one shared instance of the default regex, so building a
    /// config does not compile anything; set it with <see cref="CompileAnchored"/>.
    /// </summary>
    public Regex Regex { get; init; } = DefaultAnchoredRegex;

    /// <summary>Modulus for <see cref="RelabelAction.HashMod"/>.</summary>
    public ulong Modulus { get; init; }

    /// <summary>The label written by replace, hashmod, lowercase, uppercase; compared by keepequal/dropequal.</summary>
    public string TargetLabel { get; init; } = string.Empty;

    /// <summary>Replacement with <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c> references (Go's Regexp.Expand).</summary>
    public string Replacement { get; init; } = DefaultReplacement;

    /// <summary>What the rule does.</summary>
    public RelabelAction Action { get; init; } = RelabelAction.Replace;

    /// <summary>
    /// Compiles a Prometheus (RE2 / Go regexp) regex anchored as Prometheus 2.42 anchors it: <c>^(?:pattern)$</c>.
    /// Go's <c>$</c> is the end of the text, and <c>.</c> does not match a newline unless the pattern says
    /// <c>(?s)</c> (checked against the real Prometheus 2.42: <c>x.y</c> does not match "x\ny"). RE2 syntax is
    /// translated (ASCII <c>\d \w \s</c>, POSIX classes, <c>(?P&lt;name&gt;</c>, Go's group numbering). Matching
    /// runs on the backtracking interpreter (Go's leftmost-first semantics, cheap to build) with a time
    /// budget per match; a pathological pattern that exceeds it moves to the NonBacktracking engine, which
    /// has RE2's linear-time guarantee. Use it through <see cref="Relabeler"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regex; the message reads like Go's.</exception>
    public static Regex CompileAnchored(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Re2Regex.CompileAnchored(pattern);
    }

    private static readonly Regex DefaultAnchoredRegex = CompileAnchored(DefaultRegex);

    // Prometheus's relabelTarget: ^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$ with Go's ASCII \w and end-of-text $.
    private static readonly Regex RelabelTarget = new(
        @"^(?:(?:[a-zA-Z_]|\$(?:\{[0-9A-Za-z_]+\}|[0-9A-Za-z_]+))+[0-9A-Za-z_]*)+\z",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>
    /// The checks Prometheus 2.42 makes after unmarshalling a relabel config, in its order and with its
    /// messages (checked with promtool 2.42). Prometheus stops at the first; all failing checks are listed
    /// here, the first being Prometheus's. Empty when valid.
    /// </summary>
    /// <remarks>
    /// Prometheus rejects keepequal/dropequal with an explicit <c>regex: (.*)</c> and labeldrop/labelkeep
    /// with an explicit <c>source_labels: []</c>, because it compares pointers; a record cannot tell an
    /// explicit default from an absent key, so those two spellings pass here.
    /// </remarks>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(2);
        var name = Action.ToString().ToLowerInvariant();
        var quotedTarget = GoQuote.Quote(TargetLabel);
        if (Action == RelabelAction.HashMod && Modulus == 0)
        {
            errors.Add("relabel configuration for hashmod requires non-zero modulus");
        }
        if (Action is RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase
                or RelabelAction.KeepEqual or RelabelAction.DropEqual
            && TargetLabel.Length == 0)
        {
            errors.Add($"relabel configuration for {name} action requires 'target_label' value");
        }
        if (Action is RelabelAction.Replace or RelabelAction.Lowercase or RelabelAction.Uppercase
                or RelabelAction.KeepEqual or RelabelAction.DropEqual
            && TargetLabel.Length != 0 && !RelabelTarget.IsMatch(TargetLabel))
        {
            errors.Add($"{quotedTarget} is invalid 'target_label' for {name} action");
        }
        if (Action is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual
            && Replacement != DefaultReplacement)
        {
            errors.Add($"'replacement' can not be set for {name} action");
        }
        if (Action == RelabelAction.LabelMap && !RelabelTarget.IsMatch(Replacement))
        {
            errors.Add($"{GoQuote.Quote(Replacement)} is invalid 'replacement' for {name} action");
        }
        // 2.42 let a templated target through for these actions, which do not expand it, so the result was a
        // label named "$1" that failed every scrape; current Prometheus rejects it, and so do we.
        if ((Action == RelabelAction.HashMod
                || (Action is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual
                    or RelabelAction.DropEqual && RelabelTarget.IsMatch(TargetLabel)))
            && TargetLabel.Length != 0 && !LabelNames.IsValidLegacyName(TargetLabel))
        {
            errors.Add($"{quotedTarget} is invalid 'target_label' for {name} action");
        }
        if (Action is RelabelAction.KeepEqual or RelabelAction.DropEqual
            && (RegexPattern != DefaultRegex || Modulus != 0 || Separator != DefaultSeparator || Replacement != DefaultReplacement))
        {
            errors.Add($"{name} action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if (Action is RelabelAction.LabelDrop or RelabelAction.LabelKeep
            && (!SourceLabels.IsDefaultOrEmpty || TargetLabel.Length != 0 || Modulus != 0
                || Separator != DefaultSeparator || Replacement != DefaultReplacement))
        {
            errors.Add($"{name} action requires only 'regex', and no other fields");
        }
        return errors;
    }
}
