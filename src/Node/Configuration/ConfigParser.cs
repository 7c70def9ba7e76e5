using System.Globalization;
using Scraper.Node.Configuration.Yaml;
using Scraper.Protocol.Model;

namespace Scraper.Node.Configuration;

/// <summary>
/// Turns the YAML tree of one configuration file into <see cref="Actors.Configuration.PrometheusOptions"/>,
/// checking it as Prometheus does and collecting every error with its position. One instance per load.
/// The sections live in the partial files next to this one.
/// </summary>
internal sealed partial class ConfigParser
{
    private readonly string _file;
    private readonly string _directory;
    private readonly ConfigLoaderOptions _options;
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _warnings = [];

    public ConfigParser(string file, ConfigLoaderOptions options)
    {
        _file = file;
        _directory = Path.GetDirectoryName(file) ?? string.Empty;
        _options = options;
    }

    public IReadOnlyList<ConfigError> Errors => _errors;

    public IReadOnlyList<ConfigError> Warnings => _warnings;

    public void Error(YamlNode node, string message) => _errors.Add(new ConfigError(_file, node.Line, node.Column, message));

    public void Error(int line, int column, string message) => _errors.Add(new ConfigError(_file, line, column, message));

    public void Warning(YamlNode node, string message) => _warnings.Add(new ConfigError(_file, node.Line, node.Column, message));

    /// <summary>A reader over a mapping; a YAML null reads as an empty mapping. Null (with an error) for anything else.</summary>
    public MapReader? OpenMap(YamlNode node, string path)
    {
        if (node is YamlMapping || node is YamlScalar { IsNull: true })
        {
            return new MapReader(this, node, path);
        }
        Error(node, $"{path}: cannot unmarshal {node.KindName} into a mapping");
        return null;
    }

    /// <summary>The items of a sequence; a YAML null reads as none. Null (with an error) for anything else.</summary>
    public List<YamlNode>? AsSequence(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlSequence seq:
                return seq.Items;
            case YamlScalar { IsNull: true }:
                return [];
            default:
                Error(node, $"{path}: cannot unmarshal {node.KindName} into a list");
                return null;
        }
    }

    /// <summary>Any scalar reads as its text (Go's yaml.v2 turns numbers and booleans into strings too); null is "".</summary>
    public string? AsString(YamlNode node, string path)
    {
        if (node is YamlScalar s)
        {
            return s.IsNull ? string.Empty : s.Value;
        }
        Error(node, $"{path}: cannot unmarshal {node.KindName} into a string");
        return null;
    }

    public bool? AsBool(YamlNode node, string path)
    {
        if (node is YamlScalar s)
        {
            if (s.IsNull)
            {
                return false;
            }
            if (s.TryGetBool(out var value))
            {
                return value;
            }
        }
        Error(node, $"{path}: cannot unmarshal {Describe(node)} into a boolean");
        return null;
    }

    public TimeSpan? AsDuration(YamlNode node, string path)
    {
        if (AsString(node, path) is not { } text)
        {
            return null;
        }
        if (node is YamlScalar { IsNull: true })
        {
            return TimeSpan.Zero;
        }
        if (PrometheusDuration.TryParse(text, out var value, out var error))
        {
            return value;
        }
        Error(node, $"{path}: {error}");
        return null;
    }

    public long? AsInteger(YamlNode node, string path, long min, long max)
    {
        if (node is YamlScalar s)
        {
            if (s.IsNull)
            {
                return 0;
            }
            if (s.TryGetInteger(out var value))
            {
                if (value < min || value > max)
                {
                    Error(node, $"{path}: {s.Value} is out of range ({min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)})");
                    return null;
                }
                return (long)value;
            }
        }
        Error(node, $"{path}: cannot unmarshal {Describe(node)} into an integer");
        return null;
    }

    public ByteSize? AsSize(YamlNode node, string path)
    {
        if (AsString(node, path) is not { } text)
        {
            return null;
        }
        if (node is YamlScalar { IsNull: true })
        {
            return ByteSize.Zero;
        }
        if (ByteSize.TryParse(text, out var value, out var error))
        {
            return value;
        }
        Error(node, $"{path}: {error}");
        return null;
    }

    public List<(string Value, YamlNode Node)>? AsStringList(YamlNode node, string path)
    {
        if (AsSequence(node, path) is not { } items)
        {
            return null;
        }
        var result = new List<(string, YamlNode)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (AsString(items[i], $"{path}[{i}]") is { } value)
            {
                result.Add((value, items[i]));
            }
        }
        return result;
    }

    /// <summary>
    /// A mapping of strings to strings (headers, external labels); repeated keys are errors, as yaml.v2's
    /// strict mode reports them. Entries come back in document order.
    /// </summary>
    public List<(string Key, YamlNode KeyNode, string Value, YamlNode ValueNode)>? AsStringMap(YamlNode node, string path)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return [];
        }
        if (node is not YamlMapping map)
        {
            Error(node, $"{path}: cannot unmarshal {node.KindName} into a mapping");
            return null;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, YamlNode, string, YamlNode)>(map.Entries.Count);
        foreach (var entry in map.Entries)
        {
            if (entry.Key is not { } key)
            {
                Error(entry.KeyNode, $"{path}: a mapping key must be a string, not {entry.KeyNode.KindName}");
                continue;
            }
            if (!seen.Add(key))
            {
                Error(entry.KeyNode, $"key \"{key}\" already set in {path}");
                continue;
            }
            if (AsString(entry.Value, $"{path}.{key}") is { } value)
            {
                result.Add((key, entry.KeyNode, value, entry.Value));
            }
        }
        return result;
    }

    /// <summary>Joins a relative path with the configuration file's directory, as Prometheus's <c>config.JoinDir</c>.</summary>
    public string JoinDir(string path) =>
        path.Length == 0 || System.IO.Path.IsPathRooted(path) ? path : GoPath.Clean(System.IO.Path.Join(_directory, path));

    /// <summary>With <see cref="ConfigLoaderOptions.CheckReferencedFiles"/>, reports a named file that cannot be read.</summary>
    public void CheckReadable(string resolvedPath, YamlNode node, string key)
    {
        if (!_options.CheckReferencedFiles)
        {
            return;
        }
        try
        {
            if (Directory.Exists(resolvedPath))
            {
                Error(node, $"{key} \"{resolvedPath}\" is a directory, not a file");
                return;
            }
            using var stream = new FileStream(resolvedPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            Error(node, $"{key} \"{resolvedPath}\" does not exist");
        }
        catch (DirectoryNotFoundException)
        {
            Error(node, $"{key} \"{resolvedPath}\" does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Error(node, $"{key} \"{resolvedPath}\" cannot be read: {e.Message}");
        }
    }

    private static string Describe(YamlNode node) => node is YamlScalar s ? $"{s.KindName} \"{s.Value}\"" : node.KindName;

}
