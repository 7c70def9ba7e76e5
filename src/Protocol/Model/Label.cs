namespace Scraper.Protocol.Model;

/// <summary>One label pair. Names and values are UTF-8 text held as strings once the series is cached.</summary>
public readonly record struct Label(string Name, string Value);
