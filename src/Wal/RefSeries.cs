using Scraper.Protocol.Model;

namespace Scraper.Wal;

/// <summary>An entry of a series record: the ref the WAL uses for the series and its label set.</summary>
public readonly record struct RefSeries(ulong Ref, Labels Labels);
