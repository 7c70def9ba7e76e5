using Scraper.Protocol.Model;

namespace Scraper.Wal;

/// <summary>Metadata of the series with ref <paramref name="Ref"/>: its type, unit and help text.</summary>
public readonly record struct RefMetadata(ulong Ref, MetricType Type, string Unit, string Help);
