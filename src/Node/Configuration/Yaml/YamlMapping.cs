namespace Scraper.Node.Configuration.Yaml;

/// <summary>
/// A mapping with its entries in document order. Duplicate keys are kept (and reported by the reader);
/// entries brought in by a <c>&lt;&lt;</c> merge key are added only for keys the mapping does not set itself.
/// </summary>
internal sealed class YamlMapping(int line, int column) : YamlNode(line, column)
{
    public List<YamlEntry> Entries { get; } = [];

    public override string KindName => "!!map";
}

/// <summary>One key/value pair of a mapping; <see cref="Key"/> is null for a non-scalar key.</summary>
internal readonly record struct YamlEntry(YamlNode KeyNode, YamlNode Value)
{
    public string? Key => KeyNode is YamlScalar s ? s.Value : null;
}
