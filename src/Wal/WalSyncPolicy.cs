namespace Scraper.Wal;

/// <summary>When the writer calls fsync. Every commit reaches the kernel (write()) whatever the policy.</summary>
public enum WalSyncPolicy
{
    /// <summary>fsync at the end of every commit: nothing acknowledged is lost even when the machine crashes.</summary>
    PerCommit,

    /// <summary>
    /// fsync when <see cref="WalWriterOptions.SyncInterval"/> has passed since the last one, checked at each commit
    /// and whenever the owner calls <see cref="WalWriter.SyncIfDue"/> from its timer. A machine crash loses at most
    /// one interval; a killed process loses nothing.
    /// </summary>
    Interval,

    /// <summary>Never fsync (not even when a segment is closed): the kernel decides. For tests and throwaway data.</summary>
    Never,
}
