namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// The parts of a receiver's answer that decide what happens to a batch: the status code and the raw values
/// of <c>Retry-After</c> and the three 2.0 written-count headers (null when absent).
/// </summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="RetryAfter">Raw <c>Retry-After</c> value.</param>
/// <param name="SamplesWritten">Raw <c>X-Prometheus-Remote-Write-Samples-Written</c> value.</param>
/// <param name="HistogramsWritten">Raw <c>X-Prometheus-Remote-Write-Histograms-Written</c> value.</param>
/// <param name="ExemplarsWritten">Raw <c>X-Prometheus-Remote-Write-Exemplars-Written</c> value.</param>
public readonly record struct RemoteWriteResponse(
    int StatusCode,
    string? RetryAfter = null,
    string? SamplesWritten = null,
    string? HistogramsWritten = null,
    string? ExemplarsWritten = null)
{
    /// <summary>Reads the status and headers of an HTTP response (no body access, no I/O).</summary>
    public static RemoteWriteResponse From(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new RemoteWriteResponse(
            (int)response.StatusCode,
            First(response, RemoteWriteHeaders.RetryAfter),
            First(response, RemoteWriteHeaders.SamplesWritten),
            First(response, RemoteWriteHeaders.HistogramsWritten),
            First(response, RemoteWriteHeaders.ExemplarsWritten));
    }

    private static string? First(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
