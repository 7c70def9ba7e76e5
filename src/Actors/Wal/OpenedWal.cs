using Scraper.Wal;

namespace Scraper.Actors.Wal;

/// <summary>
/// A WAL the hosting extension opened before the appender started, so that a WAL that cannot be opened (a corrupt
/// checkpoint) fails the node's start instead of an actor. The first appender incarnation takes it; an incarnation
/// that replaces a failed one opens the WAL again, which repairs a torn tail.
/// </summary>
public sealed class OpenedWal
{
    private WalWriter? _writer;
    private SeriesRefs? _series;

    /// <summary>Holds an opened writer and the series map its replay filled.</summary>
    public OpenedWal(WalWriter writer, SeriesRefs series)
    {
        _writer = writer;
        _series = series;
    }

    /// <summary>The writer and series the first time; false afterwards.</summary>
    public bool TryTake(out WalWriter writer, out SeriesRefs series)
    {
        writer = Interlocked.Exchange(ref _writer, null)!;
        series = _series!;
        _series = null;
        return writer is not null;
    }
}
