namespace Scraper.Node.Configuration.Yaml;

/// <summary>
/// A node of a parsed YAML document with its position (1-based line and column). We build our own tree
/// instead of YamlDotNet's representation model because that one throws on duplicate keys, and Prometheus
/// reports them as configuration errors like any other.
/// </summary>
internal abstract class YamlNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>The YAML kind as Go's yaml package names it in errors (<c>!!map</c>, <c>!!seq</c>, <c>!!str</c>, ...).</summary>
    public abstract string KindName { get; }
}
