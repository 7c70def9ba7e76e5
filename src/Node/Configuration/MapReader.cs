using Scraper.Node.Configuration.Yaml;
using Scraper.Protocol.Model;

namespace Scraper.Node.Configuration;

/// <summary>
/// Reads the keys of one YAML mapping of the configuration. Every key the parser asks for is marked as
/// known; <see cref="Finish"/> reports the rest, as Go's strict unmarshalling does, so a misspelt key is an
/// error and not silently ignored. A repeated key is reported where it repeats; the first occurrence is used.
/// </summary>
internal sealed class MapReader
{
    private readonly ConfigParser _parser;
    private readonly Dictionary<string, YamlEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<YamlEntry> _order = [];
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public MapReader(ConfigParser parser, YamlNode node, string path)
    {
        _parser = parser;
        Node = node;
        Path = path;
        if (node is not YamlMapping map)
        {
            return;
        }
        foreach (var entry in map.Entries)
        {
            if (entry.Key is not { } key)
            {
                parser.Error(entry.KeyNode, $"{Describe()}: a mapping key must be a string, not {entry.KeyNode.KindName}");
                continue;
            }
            if (!_entries.TryAdd(key, entry))
            {
                parser.Error(entry.KeyNode, $"key \"{key}\" already set in {Describe()}");
                continue;
            }
            _order.Add(entry);
        }
    }

    /// <summary>The mapping (or the null scalar standing for an empty one).</summary>
    public YamlNode Node { get; }

    /// <summary>Where the mapping is, as <c>scrape_configs[2].basic_auth</c>; empty for the top level.</summary>
    public string Path { get; }

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, marking the key as known; null when absent.</summary>
    public YamlNode? Take(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }
        _taken.Add(key);
        return entry.Value;
    }

    /// <summary>The position to report for <paramref name="key"/>: its value, or the mapping when absent.</summary>
    public YamlNode PositionOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : Node;

    /// <summary>The key node of <paramref name="key"/>, or the mapping when absent.</summary>
    public YamlNode KeyPositionOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.KeyNode : Node;

    public string Sub(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public string? String(string key) => Take(key) is { } n ? _parser.AsString(n, Sub(key)) : null;

    public bool? Bool(string key) => Take(key) is { } n ? _parser.AsBool(n, Sub(key)) : null;

    public TimeSpan? Duration(string key) => Take(key) is { } n ? _parser.AsDuration(n, Sub(key)) : null;

    public long? Integer(string key, long min, long max) => Take(key) is { } n ? _parser.AsInteger(n, Sub(key), min, max) : null;

    public ByteSize? Size(string key) => Take(key) is { } n ? _parser.AsSize(n, Sub(key)) : null;

    public List<(string Value, YamlNode Node)>? StringList(string key) =>
        Take(key) is { } n ? _parser.AsStringList(n, Sub(key)) : null;

    /// <summary>Reports every key nobody asked for: a known-but-unsupported Prometheus key by name, anything else as unknown.</summary>
    public void Finish(IReadOnlyDictionary<string, string>? unsupported = null)
    {
        foreach (var entry in _order)
        {
            var key = entry.Key!;
            if (_taken.Contains(key))
            {
                continue;
            }
            if (unsupported is not null && unsupported.TryGetValue(key, out var why))
            {
                _parser.Error(entry.KeyNode, why);
            }
            else
            {
                _parser.Error(entry.KeyNode, Path.Length == 0 ? $"unknown key \"{key}\"" : $"unknown key \"{key}\" in {Path}");
            }
        }
    }

    private string Describe() => Path.Length == 0 ? "the top level" : Path;
}
