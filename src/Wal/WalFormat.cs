namespace Scraper.Wal;

/// <summary>Constants of Prometheus's wlog on-disk format.</summary>
public static class WalFormat
{
    /// <summary>Page size: records are split into fragments so none crosses a page boundary.</summary>
    public const int PageSize = 32 * 1024;
}
