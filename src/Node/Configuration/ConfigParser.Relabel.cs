using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Scraper.Node.Configuration.Yaml;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Node.Configuration;

internal sealed partial class ConfigParser
{
    private ImmutableArray<RelabelConfig> ParseRelabelConfigs(YamlNode node, string path, string nullRuleMessage)
    {
        if (AsSequence(node, path) is not { } items)
        {
            return [];
        }
        var result = ImmutableArray.CreateBuilder<RelabelConfig>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (items[i] is YamlScalar { IsNull: true })
            {
                Error(items[i], $"{itemPath}: {nullRuleMessage}");
                continue;
            }
            if (ParseRelabelConfig(items[i], itemPath) is { } rule)
            {
                result.Add(rule);
            }
        }
        return result.ToImmutable();
    }

    private RelabelConfig? ParseRelabelConfig(YamlNode node, string path)
    {
        if (OpenMap(node, path) is not { } m)
        {
            return null;
        }
        var errorsBefore = _errors.Count;
        var sourceLabels = ImmutableArray.CreateBuilder<string>();
        if (m.StringList("source_labels") is { } sources)
        {
            foreach (var (name, nameNode) in sources)
            {
                if (!LabelNames.IsValidLegacyName(name))
                {
                    Error(nameNode, $"\"{name}\" is not a valid label name");
                }
                sourceLabels.Add(name);
            }
        }
        var separator = m.String("separator") ?? RelabelConfig.DefaultSeparator;
        var regexText = m.String("regex") ?? RelabelConfig.DefaultRegex;
        var modulus = m.Integer("modulus", 0, long.MaxValue) ?? 0;
        var targetLabel = m.String("target_label") ?? string.Empty;
        var replacement = m.String("replacement") ?? RelabelConfig.DefaultReplacement;
        var actionText = m.String("action");
        m.Finish();

        var action = RelabelAction.Replace;
        if (actionText is not null && !TryParseAction(actionText, out action))
        {
            Error(m.PositionOf("action"), $"unknown relabel action \"{actionText}\"");
        }
        var rule = new RelabelConfig();
        if (m.Has("regex"))
        {
            try
            {
                rule = rule with { RegexPattern = regexText, Regex = RelabelConfig.CompileAnchored(regexText) };
            }
            catch (ArgumentException e)
            {
                Error(m.PositionOf("regex"), $"error parsing regexp \"{regexText}\": {RegexError(e, regexText.Length)}");
            }
        }
        if (_errors.Count > errorsBefore)
        {
            return null;
        }

        rule = rule with
        {
            SourceLabels = sourceLabels.ToImmutable(),
            Separator = separator,
            Modulus = (ulong)modulus,
            TargetLabel = targetLabel,
            Replacement = replacement,
            Action = action,
        };
        var problems = new List<string>(rule.Validate());
        // Prometheus compares the regex by identity and source_labels against nil, so writing the default
        // regex, or an empty source_labels list, still counts as setting "another field".
        if (action is RelabelAction.KeepEqual or RelabelAction.DropEqual && m.Has("regex"))
        {
            problems.Add($"{ActionName(action)} action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if (action is RelabelAction.LabelDrop or RelabelAction.LabelKeep && m.Has("source_labels"))
        {
            problems.Add($"{ActionName(action)} action requires only 'regex', and no other fields");
        }
        foreach (var problem in problems.Distinct(StringComparer.Ordinal))
        {
            Error(node, $"{path}: {problem}");
        }
        return problems.Count == 0 ? rule : null;
    }

    // .NET's messages quote the anchored pattern and name options; say what is wrong with what the user wrote.
    private static string RegexError(ArgumentException e, int patternLength)
    {
        if (e is RegexParseException parse)
        {
            // CompileAnchored wraps the pattern in "^(?s:" ... ")\z": offsets past the prefix point into the user's text.
            const int Prefix = 5;
            var words = Regex.Replace(parse.Error.ToString(), "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
            var offset = parse.Offset - Prefix;
            return offset >= patternLength ? $"{words} at the end of the pattern" : offset > 0 ? $"{words} at offset {offset}" : words;
        }
        if (e.InnerException is NotSupportedException)
        {
            return "lookaround and backreferences are not supported (Prometheus uses RE2 syntax)";
        }
        return e.Message;
    }

    /// <summary>Relabel actions are case insensitive in Prometheus (<c>Replace</c> is <c>replace</c>).</summary>
    private static bool TryParseAction(string text, out RelabelAction action)
    {
        foreach (var candidate in Enum.GetValues<RelabelAction>())
        {
            if (string.Equals(ActionName(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                action = candidate;
                return true;
            }
        }
        action = RelabelAction.Replace;
        return false;
    }

    internal static string ActionName(RelabelAction action) => action.ToString().ToLowerInvariant();
}
