namespace Scraper.Wal;

/// <summary>Severity of a message the WAL hands to <see cref="WalWriterOptions.Log"/>.</summary>
public enum WalLogLevel
{
    /// <summary>Progress worth a line at info level (replay, checkpoint done).</summary>
    Info,

    /// <summary>Something was repaired or skipped; data may be lost.</summary>
    Warning,

    /// <summary>An operation failed.</summary>
    Error,
}
