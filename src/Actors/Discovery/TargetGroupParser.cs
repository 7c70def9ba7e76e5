using System.Collections.Immutable;
using System.Text.Json;
using Scraper.Protocol.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scraper.Actors.Discovery;

/// <summary>
/// Reads target groups in the format file_sd and http_sd share: a list of <c>{targets: [...], labels: {...}}</c>,
/// as JSON or YAML, with Prometheus's checks (unknown fields, invalid label names and null groups are errors). Every
/// group gets the source prefix and its index as its source, and the extra label (<c>__meta_filepath</c> or
/// <c>__meta_url</c>). Never throws on bad input: the error says where (line) and why.
/// </summary>
public static class TargetGroupParser
{
    /// <summary>Parses JSON target groups.</summary>
    public static bool TryParseJson(
        ReadOnlySpan<byte> json, string sourcePrefix, Label extraLabel, out ImmutableArray<TargetGroup> groups, out string? error)
    {
        groups = [];
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false });
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = $"expected a JSON array of target groups, got {Describe(doc.RootElement.ValueKind)}";
                return false;
            }
            var result = ImmutableArray.CreateBuilder<TargetGroup>();
            var index = 0;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (!TryJsonGroup(item, index, sourcePrefix, extraLabel, out var group, out error))
                {
                    return false;
                }
                result.Add(group);
                index++;
            }
            groups = result.ToImmutable();
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"line {(e.LineNumber ?? 0) + 1}: invalid JSON: {FirstSentence(e.Message)}";
            return false;
        }
    }

    /// <summary>Parses YAML target groups.</summary>
    public static bool TryParseYaml(
        string yaml, string sourcePrefix, Label extraLabel, out ImmutableArray<TargetGroup> groups, out string? error)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        groups = [];
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            error = $"line {e.Start.Line}: invalid YAML: {e.Message}";
            return false;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            error = null;
            return true;
        }
        if (stream.Documents[0].RootNode is not YamlSequenceNode root)
        {
            error = $"line {stream.Documents[0].RootNode.Start.Line}: expected a list of target groups";
            return false;
        }
        var result = ImmutableArray.CreateBuilder<TargetGroup>();
        var index = 0;
        foreach (var item in root.Children)
        {
            if (!TryYamlGroup(item, index, sourcePrefix, extraLabel, out var group, out error))
            {
                return false;
            }
            result.Add(group);
            index++;
        }
        groups = result.ToImmutable();
        error = null;
        return true;
    }

    private static bool TryJsonGroup(JsonElement item, int index, string sourcePrefix, Label extraLabel, out TargetGroup group, out string? error)
    {
        group = null!;
        if (item.ValueKind == JsonValueKind.Null)
        {
            error = $"group {index}: nil target group item found";
            return false;
        }
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = $"group {index}: expected an object, got {Describe(item.ValueKind)}";
            return false;
        }
        var targets = ImmutableArray.CreateBuilder<Labels>();
        var labels = new LabelsBuilder();
        foreach (var field in item.EnumerateObject())
        {
            switch (field.Name)
            {
                case "targets" when field.Value.ValueKind == JsonValueKind.Array:
                    foreach (var t in field.Value.EnumerateArray())
                    {
                        if (t.ValueKind != JsonValueKind.String)
                        {
                            error = $"group {index}: a target must be a string, got {Describe(t.ValueKind)}";
                            return false;
                        }
                        targets.Add(Labels.FromStrings(LabelNames.Address, t.GetString()!));
                    }
                    break;
                case "targets" when field.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "labels" when field.Value.ValueKind == JsonValueKind.Object:
                    foreach (var l in field.Value.EnumerateObject())
                    {
                        if (l.Value.ValueKind != JsonValueKind.String)
                        {
                            error = $"group {index}: label {l.Name} must be a string, got {Describe(l.Value.ValueKind)}";
                            return false;
                        }
                        if (!LabelNames.IsValidLegacyName(l.Name))
                        {
                            error = $"group {index}: \"{l.Name}\" is not a valid label name";
                            return false;
                        }
                        labels.Set(l.Name, l.Value.GetString()!);
                    }
                    break;
                case "labels" when field.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "targets" or "labels":
                    error = $"group {index}: {field.Name} has the wrong type ({Describe(field.Value.ValueKind)})";
                    return false;
                default:
                    error = $"group {index}: unknown field \"{field.Name}\"";
                    return false;
            }
        }
        labels.Set(extraLabel.Name, extraLabel.Value);
        group = new TargetGroup(sourcePrefix + ":" + index, targets.ToImmutable(), labels.ToLabels());
        error = null;
        return true;
    }

    private static bool TryYamlGroup(YamlNode item, int index, string sourcePrefix, Label extraLabel, out TargetGroup group, out string? error)
    {
        group = null!;
        var line = item.Start.Line;
        if (item is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            error = $"line {line}: nil target group item found";
            return false;
        }
        if (item is not YamlMappingNode map)
        {
            error = $"line {line}: expected a mapping with targets and labels";
            return false;
        }
        var targets = ImmutableArray.CreateBuilder<Labels>();
        var labels = new LabelsBuilder();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            switch (key)
            {
                case "targets":
                    if (IsNull(value))
                    {
                        break;
                    }
                    if (value is not YamlSequenceNode seq)
                    {
                        error = $"line {value.Start.Line}: targets must be a list";
                        return false;
                    }
                    foreach (var t in seq.Children)
                    {
                        if (t is not YamlScalarNode { Value: { } address })
                        {
                            error = $"line {t.Start.Line}: a target must be a string";
                            return false;
                        }
                        targets.Add(Labels.FromStrings(LabelNames.Address, address));
                    }
                    break;
                case "labels":
                    if (IsNull(value))
                    {
                        break;
                    }
                    if (value is not YamlMappingNode labelMap)
                    {
                        error = $"line {value.Start.Line}: labels must be a mapping";
                        return false;
                    }
                    foreach (var (nameNode, valueNode) in labelMap.Children)
                    {
                        var name = (nameNode as YamlScalarNode)?.Value ?? string.Empty;
                        if (!LabelNames.IsValidLegacyName(name))
                        {
                            error = $"line {nameNode.Start.Line}: \"{name}\" is not a valid label name";
                            return false;
                        }
                        if (valueNode is not YamlScalarNode scalar)
                        {
                            error = $"line {valueNode.Start.Line}: label {name} must be a string";
                            return false;
                        }
                        labels.Set(name, scalar.Value ?? string.Empty);
                    }
                    break;
                default:
                    error = $"line {keyNode.Start.Line}: field {key} not found in type struct {{ Targets []string; Labels model.LabelSet }}";
                    return false;
            }
        }
        labels.Set(extraLabel.Name, extraLabel.Value);
        group = new TargetGroup(sourcePrefix + ":" + index, targets.ToImmutable(), labels.ToLabels());
        error = null;
        return true;
    }

    private static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null", Style: not ScalarStyle.DoubleQuoted and not ScalarStyle.SingleQuoted };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }
}
