namespace Scraper.Node.Configuration.Yaml;

/// <summary>A sequence with its items in document order.</summary>
internal sealed class YamlSequence(int line, int column) : YamlNode(line, column)
{
    public List<YamlNode> Items { get; } = [];

    public override string KindName => "!!seq";
}
