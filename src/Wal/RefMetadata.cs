namespace Scraper.Wal;

/// <summary>Metadata of the series with ref <paramref name="Ref"/>: its type, unit and help text.</summary>
public readonly record struct RefMetadata(ulong Ref, WalMetricType Type, string Unit, string Help);
