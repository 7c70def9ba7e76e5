using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Protocol.Tests.Relabel;

/// <summary>Builds relabel rules the way a config loader would: only the keys given differ from the defaults.</summary>
internal static class Rule
{
    public static RelabelConfig Of(
        RelabelAction action = RelabelAction.Replace,
        string[]? source = null,
        string? regex = null,
        string? target = null,
        string? replacement = null,
        string? separator = null,
        ulong modulus = 0)
    {
        var cfg = new RelabelConfig
        {
            Action = action,
            SourceLabels = source is null ? [] : [.. source],
            TargetLabel = target ?? string.Empty,
            Modulus = modulus,
        };
        if (regex is not null)
        {
            cfg = cfg with { RegexPattern = regex, Regex = RelabelConfig.CompileAnchored(regex) };
        }
        if (replacement is not null)
        {
            cfg = cfg with { Replacement = replacement };
        }
        if (separator is not null)
        {
            cfg = cfg with { Separator = separator };
        }
        Assert.Empty(cfg.Validate());
        return cfg;
    }

    public static Labels? Run(Labels labels, params RelabelConfig[] rules) =>
        Relabeler.Process(labels, ImmutableArray.Create(rules));

    public static Labels L(params string[] nameValues) => Labels.FromStrings(nameValues);
}
