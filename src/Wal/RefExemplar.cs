using Scraper.Protocol.Model;

namespace Scraper.Wal;

/// <summary>An exemplar attached to the series with ref <paramref name="Ref"/>.</summary>
public readonly record struct RefExemplar(ulong Ref, long T, double V, Labels Labels);
