namespace Scraper.Wal;

/// <summary>How a <see cref="WalReader"/> treats the end of the data and how far it reads.</summary>
public sealed class WalReaderOptions
{
    /// <summary>Tails a WAL that a writer appends to; reads all segments.</summary>
    public static WalReaderOptions Live { get; } = new();

    /// <summary>Reads a WAL no writer appends to (replay, checkpoints): a torn last record is corruption.</summary>
    public static WalReaderOptions SealedAll { get; } = new() { Sealed = true };

    /// <summary>No writer appends: the end of the data is final, and a torn record there is corruption.</summary>
    public bool Sealed { get; init; }

    /// <summary>Stop after this segment (inclusive); null reads all.</summary>
    public int? LastSegment { get; init; }

    /// <summary>Read buffer size in 32 KiB pages; null for the default (8).</summary>
    public int? BufferPages { get; init; }
}
