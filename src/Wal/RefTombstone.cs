namespace Scraper.Wal;

/// <summary>A deletion interval [<paramref name="MinT"/>, <paramref name="MaxT"/>] of one series (server mode).</summary>
public readonly record struct RefTombstone(ulong Ref, long MinT, long MaxT);
