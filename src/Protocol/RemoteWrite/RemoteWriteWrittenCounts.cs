using System.Globalization;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// The <c>X-Prometheus-Remote-Write-*-Written</c> counts a 2.0 receiver returns. A missing header reads as 0,
/// but <see cref="Confirmed"/> is true only when at least one header was present: a 1.x receiver sends none,
/// and its silence must not be read as "nothing was written" (Prometheus's rule).
/// </summary>
/// <param name="Samples">Samples written.</param>
/// <param name="Histograms">Histogram samples written.</param>
/// <param name="Exemplars">Exemplars written.</param>
/// <param name="Confirmed">True when the receiver sent at least one of the headers.</param>
public readonly record struct RemoteWriteWrittenCounts(long Samples, long Histograms, long Exemplars, bool Confirmed)
{
    /// <summary>True when the counts say nothing at all was written.</summary>
    public bool NoDataWritten => Samples + Histograms + Exemplars == 0;

    /// <summary>
    /// Reads the three header values (null or empty when absent). A value that is not a 64-bit integer counts as
    /// 0 and is reported in <paramref name="error"/>; the header still confirms the receiver knows 2.0.
    /// </summary>
    public static RemoteWriteWrittenCounts Parse(string? samples, string? histograms, string? exemplars, out string? error)
    {
        error = null;
        var confirmed = false;
        var s = Read(RemoteWriteHeaders.SamplesWritten, samples, ref confirmed, ref error);
        var h = Read(RemoteWriteHeaders.HistogramsWritten, histograms, ref confirmed, ref error);
        var e = Read(RemoteWriteHeaders.ExemplarsWritten, exemplars, ref confirmed, ref error);
        return new RemoteWriteWrittenCounts(s, h, e, confirmed);
    }

    private static long Read(string header, string? value, ref bool confirmed, ref string? error)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }
        confirmed = true;
        if (long.TryParse(value.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            return n;
        }
        var message = $"{header}: \"{value}\" is not a non-negative 64-bit integer";
        error = error is null ? message : error + "; " + message;
        return 0;
    }
}
