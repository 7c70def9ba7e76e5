using System.Globalization;

namespace Scraper.Wal;

/// <summary>
/// The WAL holds bytes that are not a valid record where one must be: bad checksum, impossible fragment
/// sequence, non-zero padding, a torn record where the WAL is known to be complete, or a record that does not
/// decode. <see cref="Segment"/> and <see cref="Offset"/> name the start of the record that cannot be read, which
/// is where a repair truncates.
/// </summary>
public sealed class WalCorruptionException : Exception
{
    /// <summary>Creates the exception for the record starting at <paramref name="segment"/>/<paramref name="offset"/>.</summary>
    public WalCorruptionException(string directory, int segment, long offset, string reason, Exception? innerException = null)
        : base(Describe(directory, segment, offset, reason), innerException)
    {
        Directory = directory;
        Segment = segment;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>Creates the exception without a position (for serializers).</summary>
    public WalCorruptionException()
    {
        Directory = string.Empty;
        Reason = string.Empty;
        Segment = -1;
        Offset = -1;
    }

    /// <summary>Creates the exception without a position (for serializers).</summary>
    public WalCorruptionException(string message)
        : base(message)
    {
        Directory = string.Empty;
        Reason = message;
        Segment = -1;
        Offset = -1;
    }

    /// <summary>Creates the exception without a position (for serializers).</summary>
    public WalCorruptionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Directory = string.Empty;
        Reason = message;
        Segment = -1;
        Offset = -1;
    }

    /// <summary>The directory holding the segment (a WAL or a checkpoint directory).</summary>
    public string Directory { get; }

    /// <summary>The segment number, or -1 when unknown.</summary>
    public int Segment { get; }

    /// <summary>Byte offset in the segment of the record that cannot be read.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>Segment and offset as a position.</summary>
    public WalPosition Position => new(Segment, Offset);

    private static string Describe(string directory, int segment, long offset, string reason) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"WAL corruption in segment {Path.Combine(directory, WalFormat.SegmentName(segment))} at offset {offset}: {reason}");
}
