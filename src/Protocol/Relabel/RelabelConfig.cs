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

    // Compiling a NonBacktracking regex costs ~1.5 ms; a Regex is immutable and thread-safe, so every rule that
    // keeps the default shares one instance instead of compiling its own.
    private static readonly Regex DefaultCompiledRegex = CompileAnchored(DefaultRegex);

    /// <summary>Labels whose values are joined with <see cref="Separator"/> to form the input.</summary>
    public ImmutableArray<string> SourceLabels { get; init; } = [];

    /// <summary>Joins the source label values.</summary>
    public string Separator { get; init; } = DefaultSeparator;

    /// <summary>The regex as written in the configuration (unanchored).</summary>
    public string RegexPattern { get; init; } = DefaultRegex;

    /// <summary>The compiled, anchored regex.</summary>
    public Regex Regex { get; init; } = DefaultCompiledRegex;

    /// <summary>Modulus for <see cref="RelabelAction.HashMod"/>.</summary>
    public ulong Modulus { get; init; }

    /// <summary>The label written by replace, hashmod, lowercase, uppercase; compared by keepequal/dropequal.</summary>
    public string TargetLabel { get; init; } = string.Empty;

    /// <summary>Replacement with <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c> references (Go's Regexp.Expand).</summary>
    public string Replacement { get; init; } = DefaultReplacement;

    /// <summary>What the rule does.</summary>
    public RelabelAction Action { get; init; } = RelabelAction.Replace;

    /// <summary>
    /// Compiles a Prometheus (RE2) regex anchored as Prometheus anchors it: <c>^(?s:pattern)$</c>.
    /// NonBacktracking gives RE2's linear-time semantics and rejects what RE2 rejects (lookaround,
    /// backreferences). Go's <c>(?P&lt;name&gt;</c> group syntax is accepted.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regex.</exception>
    public static Regex CompileAnchored(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var dotnet = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        try
        {
            // \z, not $: .NET's $ also matches before a final newline.
            return new Regex("^(?s:" + dotnet + @")\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException(e.Message, nameof(pattern), e);
        }
    }

    // Prometheus's relabelTarget. Go's \w is ASCII-only, so it is spelt out (.NET's \w would also accept "é"); the
    // nested quantifiers backtrack exponentially on a long near-miss, which NonBacktracking avoids as RE2 does.
    private static readonly Regex RelabelTarget = new(
        @"^(?:(?:[a-zA-Z_]|\$(?:\{[0-9A-Za-z_]+\}|[0-9A-Za-z_]+))+[0-9A-Za-z_]*)+$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>
    /// The checks Prometheus's relabel config makes after unmarshalling, with its messages. Empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var name = Action.ToString().ToLowerInvariant();
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
            errors.Add($"\"{TargetLabel}\" is invalid 'target_label' for {name} action");
        }
        if (Action is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual
            or RelabelAction.HashMod
            && TargetLabel.Length != 0 && !LabelNames.IsValidLegacyName(TargetLabel))
        {
            errors.Add($"\"{TargetLabel}\" is invalid 'target_label' for {name} action");
        }
        if (Action is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual
            && Replacement != DefaultReplacement)
        {
            errors.Add($"'replacement' can not be set for {name} action");
        }
        if (Action == RelabelAction.LabelMap && !RelabelTarget.IsMatch(Replacement))
        {
            errors.Add($"\"{Replacement}\" is invalid 'replacement' for {name} action");
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
        return errors.Distinct().ToList();
    }
}
