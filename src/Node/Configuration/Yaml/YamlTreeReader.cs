using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Scraper.Node.Configuration.Yaml;

/// <summary>
/// Reads the first document of a YAML text into a <see cref="YamlNode"/> tree with positions, resolving
/// anchors, aliases and <c>&lt;&lt;</c> merge keys as Go's yaml.v2 does. Later documents are ignored, as
/// Prometheus ignores them.
/// </summary>
internal static partial class YamlTreeReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    // Far deeper than any configuration; stops a hostile file from exhausting the stack.
    private const int MaxDepth = 256;

    /// <summary>The outcome of reading: the root (null for an empty document) or a syntax error with its position.</summary>
    public readonly record struct Result(YamlNode? Root, int ErrorLine, int ErrorColumn, string? Error, bool HasMoreDocuments);

    public static Result Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return new Result(null, 0, 0, null, false);
            }
            parser.Consume<DocumentStart>();
            YamlNode? root = null;
            if (!parser.Accept<DocumentEnd>(out _))
            {
                root = ReadNode(parser, anchors, 0);
            }
            parser.Consume<DocumentEnd>();
            var more = !parser.Accept<StreamEnd>(out _);
            return new Result(root, 0, 0, null, more);
        }
        catch (YamlException e)
        {
            return new Result(null, (int)e.Start.Line, (int)e.Start.Column, CleanMessage(e.Message), false);
        }
    }

    private static YamlNode ReadNode(IParser parser, Dictionary<string, YamlNode> anchors, int depth)
    {
        var ev = parser.Consume<ParsingEvent>();
        if (depth > MaxDepth)
        {
            throw new SemanticErrorException(ev.Start, ev.End, $"nesting deeper than {MaxDepth} levels");
        }
        var line = (int)ev.Start.Line;
        var column = (int)ev.Start.Column;
        switch (ev)
        {
            case AnchorAlias alias:
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new SemanticErrorException(ev.Start, ev.End, $"unknown anchor '{alias.Value.Value}' referenced");
                }
                return target;
            case Scalar scalar:
                {
                    // Only an untagged, unquoted scalar resolves to null, bool or a number; !!str forces a string.
                    var forcedString = !scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == StringTag;
                    var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && !forcedString;
                    var node = new YamlScalar(line, column, scalar.Value, plain);
                    Remember(anchors, scalar, node);
                    return node;
                }
            case SequenceStart start:
                {
                    var node = new YamlSequence(line, column);
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        node.Items.Add(ReadNode(parser, anchors, depth + 1));
                    }
                    // Registered once complete, so a node cannot contain itself through an alias.
                    Remember(anchors, start, node);
                    return node;
                }
            case MappingStart start:
                {
                    var node = new YamlMapping(line, column);
                    var merges = new List<YamlNode>();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var key = ReadNode(parser, anchors, depth + 1);
                        var value = ReadNode(parser, anchors, depth + 1);
                        if (key is YamlScalar { IsPlain: true, Value: "<<" })
                        {
                            merges.Add(value);
                        }
                        else
                        {
                            node.Entries.Add(new YamlEntry(key, value));
                        }
                    }
                    ApplyMerges(node, merges);
                    Remember(anchors, start, node);
                    return node;
                }
            default:
                throw new SemanticErrorException(ev.Start, ev.End, $"unexpected YAML event {ev.GetType().Name}");
        }
    }

    private static void Remember(Dictionary<string, YamlNode> anchors, NodeEvent ev, YamlNode node)
    {
        if (!ev.Anchor.IsEmpty)
        {
            anchors[ev.Anchor.Value] = node;
        }
    }

    // "<<: *a" or "<<: [*a, *b]": keys the mapping sets itself win, then earlier merged mappings win over later.
    private static void ApplyMerges(YamlMapping node, List<YamlNode> merges)
    {
        if (merges.Count == 0)
        {
            return;
        }
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in node.Entries)
        {
            if (entry.Key is { } k)
            {
                present.Add(k);
            }
        }
        foreach (var merge in merges)
        {
            IEnumerable<YamlNode> sources = merge is YamlSequence seq ? seq.Items : [merge];
            foreach (var source in sources)
            {
                if (source is not YamlMapping map)
                {
                    throw new SemanticErrorException(
                        new Mark(0, merge.Line, merge.Column), new Mark(0, merge.Line, merge.Column),
                        "map merge requires map or sequence of maps as the value");
                }
                foreach (var entry in map.Entries)
                {
                    if (entry.Key is { } k && present.Add(k))
                    {
                        node.Entries.Add(entry);
                    }
                }
            }
        }
    }

    // YamlDotNet prefixes its messages with "(Line: 3, Col: 44, Idx: 80) - (Line: ...): "; we print positions ourselves.
    private static string CleanMessage(string message)
    {
        var cleaned = PositionPrefix().Replace(message, string.Empty).Trim();
        return cleaned.Length == 0 ? "invalid YAML" : cleaned;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();
}
