using Scraper.Protocol.Model;

namespace Scraper.Actors.RemoteWrite.Watching;

/// <summary>
/// A series as the watcher sends it: <see cref="Labels"/> with external labels and write relabeling applied (null
/// when relabeling dropped it), <see cref="Hash"/> of those labels (picks the shard), and the last segment that
/// named it.
/// </summary>
public readonly record struct SeriesEntry(Labels? Labels, ulong Hash, int Segment);
