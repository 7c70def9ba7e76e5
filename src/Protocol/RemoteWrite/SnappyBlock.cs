using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Snappier;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// Snappy's block format, which remote write requires (the framed/stream format is explicitly not allowed by both
/// specifications). Compression writes into a caller's buffer; decompression checks the declared length against a
/// limit before it allocates, so a hostile body cannot make us reserve gigabytes.
/// </summary>
public static class SnappyBlock
{
    /// <summary>
    /// Compresses <paramref name="input"/> as one snappy block into <paramref name="output"/>; returns the
    /// number of bytes written.
    /// </summary>
    public static int Compress(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(Snappy.GetMaxCompressedLength(input.Length));
        var written = Snappy.Compress(input, span);
        output.Advance(written);
        return written;
    }

    /// <summary>
    /// Decompresses one snappy block into <paramref name="output"/>. Returns false with the reason when the block
    /// is corrupt, truncated, or would decode to more than <paramref name="maxDecodedLength"/> bytes.
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> block, int maxDecodedLength, IBufferWriter<byte> output,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (block.IsEmpty)
        {
            error = "empty body: a snappy block holds at least its length header";
            return false;
        }
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(block);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            error = $"not a snappy block: {ex.Message}";
            return false;
        }
        if (length < 0 || length > maxDecodedLength)
        {
            error = $"snappy block declares {length} decoded bytes, more than the limit of {maxDecodedLength}";
            return false;
        }
        var span = output.GetSpan(Math.Max(length, 1));
        try
        {
            if (!Snappy.TryDecompress(block, span[..length], out var written) || written != length)
            {
                error = $"corrupt snappy block: it declares {length} bytes but does not decode to them";
                return false;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            error = $"corrupt snappy block: {ex.Message}";
            return false;
        }
        output.Advance(length);
        error = null;
        return true;
    }
}
