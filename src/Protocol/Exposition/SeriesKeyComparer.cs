using System.IO.Hashing;

namespace Scraper.Protocol.Exposition;

/// <summary>
/// Compares series keys (the raw bytes of <see cref="ExpositionParser.Series"/>) by content, so the scrape loop can
/// keep a <c>Dictionary&lt;byte[], TEntry&gt;</c> and probe it with the parser's span without allocating:
/// <c>dict.GetAlternateLookup&lt;ReadOnlySpan&lt;byte&gt;&gt;().TryGetValue(parser.Series, out var entry)</c>.
/// </summary>
/// <remarks>
/// Hashes with XXH3 under a seed drawn once per process, so a target cannot choose series names that collide
/// in every scraper's cache.
/// </remarks>
public sealed class SeriesKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    private readonly long _seed;

    /// <summary>A comparer with a fixed seed; <see cref="Instance"/> is the one to use.</summary>
    public SeriesKeyComparer(long seed) => _seed = seed;

    /// <summary>The shared comparer, seeded randomly at process start.</summary>
    public static SeriesKeyComparer Instance { get; } = new(Random.Shared.NextInt64());

    /// <summary>A dictionary keyed by series bytes using <see cref="Instance"/>.</summary>
    public static Dictionary<byte[], TValue> CreateDictionary<TValue>(int capacity = 0) => new(capacity, Instance);

    /// <inheritdoc/>
    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    /// <inheritdoc/>
    public int GetHashCode(byte[] obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Hash(obj);
    }

    /// <inheritdoc/>
    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return alternate.SequenceEqual(other);
    }

    /// <inheritdoc/>
    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    /// <summary>Copies the span into the array the dictionary keeps (used by the alternate lookup's add methods).</summary>
    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private int Hash(ReadOnlySpan<byte> key)
    {
        var h = XxHash3.HashToUInt64(key, _seed);
        return (int)h ^ (int)(h >> 32);
    }
}
