namespace Scraper.Wal;

/// <summary>An out-of-order mmap marker (server mode's write-behind log); decoded only to be skipped or copied.</summary>
public readonly record struct RefMmapMarker(ulong Ref, ulong MmapRef);
