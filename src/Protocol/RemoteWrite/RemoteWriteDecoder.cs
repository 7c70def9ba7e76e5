using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Scraper.Protocol.Buffers;
using Scraper.Protocol.Model;
using Request = Scraper.Protocol.Proto.V2.Request;
using WriteRequest = Scraper.Protocol.Proto.V1.WriteRequest;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// Decodes snappy-compressed remote-write bodies into the generated message types. For tests and for the
/// receivers our tests run (fault injection); a receiver allocates per sample here, which is fine off the hot path.
/// The <c>Try*</c> forms never throw on bad input and name the reason instead.
/// </summary>
public static class RemoteWriteDecoder
{
    /// <summary>
    /// Largest decoded body accepted by default: 32 MiB, the request limit VictoriaMetrics applies
    /// (<c>-maxInsertRequestSize</c>), far above a 2,000-sample batch (~100 KiB).
    /// </summary>
    public const int DefaultMaxDecodedBytes = 32 << 20;

    /// <summary>Decodes a 1.0 body; throws <see cref="RemoteWriteDecodeException"/> with the reason.</summary>
    public static WriteRequest DecodeV1(ReadOnlySpan<byte> snappyBody, int maxDecodedBytes = DefaultMaxDecodedBytes) =>
        TryDecodeV1(snappyBody, out var request, out var error, maxDecodedBytes) ? request : throw new RemoteWriteDecodeException(error);

    /// <summary>Decodes a 2.0 body; throws <see cref="RemoteWriteDecodeException"/> with the reason.</summary>
    public static Request DecodeV2(ReadOnlySpan<byte> snappyBody, int maxDecodedBytes = DefaultMaxDecodedBytes) =>
        TryDecodeV2(snappyBody, out var request, out var error, maxDecodedBytes) ? request : throw new RemoteWriteDecodeException(error);

    /// <summary>Decodes a 1.0 body, or returns false and why.</summary>
    public static bool TryDecodeV1(ReadOnlySpan<byte> snappyBody, [NotNullWhen(true)] out WriteRequest? request,
        [NotNullWhen(false)] out string? error, int maxDecodedBytes = DefaultMaxDecodedBytes) =>
        TryDecode(snappyBody, WriteRequest.Parser, RemoteWriteProtoMessages.V1Name, maxDecodedBytes, out request, out error);

    /// <summary>Decodes a 2.0 body, or returns false and why.</summary>
    public static bool TryDecodeV2(ReadOnlySpan<byte> snappyBody, [NotNullWhen(true)] out Request? request,
        [NotNullWhen(false)] out string? error, int maxDecodedBytes = DefaultMaxDecodedBytes) =>
        TryDecode(snappyBody, Request.Parser, RemoteWriteProtoMessages.V2Name, maxDecodedBytes, out request, out error);

    /// <summary>The label set of a 1.0 <c>TimeSeries</c> or exemplar; throws when it breaks the spec's rules.</summary>
    public static Labels ToLabels(RepeatedField<Proto.V1.Label> labels) =>
        TryToLabels(labels, out var result, out var error) ? result : throw new RemoteWriteDecodeException(error);

    /// <summary>
    /// The label set of a 1.0 <c>TimeSeries</c> or exemplar. Fails on an empty name or value and on a repeated
    /// name, which the 1.0 spec forbids.
    /// </summary>
    public static bool TryToLabels(RepeatedField<Proto.V1.Label> labels, out Labels result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var pairs = new Model.Label[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            pairs[i] = new Model.Label(labels[i].Name, labels[i].Value);
        }
        return TryBuild(pairs, out result, out error);
    }

    /// <summary>
    /// Resolves 2.0 <c>labels_refs</c> against the request's symbol table; throws when a reference is invalid.
    /// </summary>
    public static Labels ResolveLabels(IReadOnlyList<string> symbols, IReadOnlyList<uint> labelsRefs) =>
        TryResolveLabels(symbols, labelsRefs, out var result, out var error) ? result : throw new RemoteWriteDecodeException(error);

    /// <summary>
    /// Resolves 2.0 <c>labels_refs</c> (name, value index pairs) against <paramref name="symbols"/>. Fails on an odd
    /// count, a reference outside the table, an empty name or value, or a repeated name.
    /// </summary>
    public static bool TryResolveLabels(IReadOnlyList<string> symbols, IReadOnlyList<uint> labelsRefs, out Labels result,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(labelsRefs);
        result = Labels.Empty;
        if (labelsRefs.Count % 2 != 0)
        {
            error = $"labels_refs has {labelsRefs.Count} entries; it must hold name/value pairs";
            return false;
        }
        var pairs = new Model.Label[labelsRefs.Count / 2];
        for (var i = 0; i < labelsRefs.Count; i += 2)
        {
            var n = labelsRefs[i];
            var v = labelsRefs[i + 1];
            if (n >= symbols.Count || v >= symbols.Count)
            {
                error = $"labels_refs[{(n >= symbols.Count ? i : i + 1)}] = {(n >= symbols.Count ? n : v)} is outside the symbol table of {symbols.Count} entries";
                return false;
            }
            pairs[i / 2] = new Model.Label(symbols[(int)n], symbols[(int)v]);
        }
        return TryBuild(pairs, out result, out error);
    }

    private static bool TryBuild(Model.Label[] pairs, out Labels result, [NotNullWhen(false)] out string? error)
    {
        result = Labels.Empty;
        foreach (var p in pairs)
        {
            if (p.Name.Length == 0)
            {
                error = "a label has an empty name";
                return false;
            }
            if (p.Value.Length == 0)
            {
                error = $"label {p.Name} has an empty value";
                return false;
            }
        }
        if (!Labels.TryFromUnsorted(pairs, out result, out var duplicate))
        {
            error = $"label {duplicate} appears more than once";
            return false;
        }
        error = null;
        return true;
    }

    private static bool TryDecode<T>(ReadOnlySpan<byte> snappyBody, MessageParser<T> parser, string messageName,
        int maxDecodedBytes, [NotNullWhen(true)] out T? message, [NotNullWhen(false)] out string? error)
        where T : IMessage<T>
    {
        message = default;
        using var decoded = new PooledBufferWriter((int)Math.Clamp(snappyBody.Length * 4L, 256, Math.Max(maxDecodedBytes, 256)));
        if (!SnappyBlock.TryDecompress(snappyBody, maxDecodedBytes, decoded, out var snappyError))
        {
            error = snappyError;
            return false;
        }
        try
        {
            message = parser.ParseFrom(decoded.WrittenSpan);
            error = null;
            return true;
        }
        catch (InvalidProtocolBufferException ex)
        {
            error = $"body is not a valid {messageName}: {ex.Message}";
            return false;
        }
    }
}
