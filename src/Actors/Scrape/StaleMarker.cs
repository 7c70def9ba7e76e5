namespace Scraper.Actors.Scrape;

/// <summary>
/// Prometheus's staleness marker: a NaN with one exact bit pattern (<c>value.StaleNaN</c>), written for a series
/// that stopped being exposed so queries stop returning it at once instead of five minutes later.
/// </summary>
public static class StaleMarker
{
    /// <summary>The bits of the marker: <c>0x7ff0000000000002</c>.</summary>
    public const ulong Bits = 0x7ff0000000000002;

    /// <summary>The marker as a double; compare with <see cref="Is"/>, never with <c>==</c> (it is a NaN).</summary>
    public static double Value { get; } = BitConverter.UInt64BitsToDouble(Bits);

    /// <summary>True when <paramref name="value"/> has exactly the marker's bits.</summary>
    public static bool Is(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
