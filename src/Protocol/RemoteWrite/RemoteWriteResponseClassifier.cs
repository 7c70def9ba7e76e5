namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// Decides what a sender does after a remote-write request, following both specifications and Prometheus's
/// sender: 2xx is success; 5xx is retried (MUST); 429 is retried only with <c>retry_on_http_429</c> (default
/// off), else dropped; any other status (4xx, and 1xx/3xx that reach us) is dropped and never retried. Both
/// honour <c>Retry-After</c>. For a 2.0 request, 415 and a 2xx without any written-count header mean the
/// receiver does not understand 2.0 (a 1.x receiver that ignores <c>Content-Type</c> decodes a 2.0 body as an
/// empty <c>WriteRequest</c> and answers 2xx), so the batch goes again as 1.0.
/// </summary>
public static class RemoteWriteResponseClassifier
{
    /// <summary>
    /// Classifies <paramref name="response"/> to a request that carried <paramref name="sent"/> with
    /// <paramref name="itemsSent"/> samples + histograms + exemplars. <paramref name="now"/> resolves an
    /// HTTP-date <c>Retry-After</c>.
    /// </summary>
    public static RemoteWriteVerdict Classify(RemoteWriteResponse response, RemoteWriteProtoMessage sent, int itemsSent,
        bool retryOnHttp429, DateTimeOffset now)
    {
        var status = response.StatusCode;
        var written = RemoteWriteWrittenCounts.Parse(response.SamplesWritten, response.HistogramsWritten,
            response.ExemplarsWritten, out _);
        var isV2 = sent == RemoteWriteProtoMessage.V2Request;

        if (status is >= 200 and < 300)
        {
            if (isV2 && !written.Confirmed && itemsSent > 0)
            {
                return new RemoteWriteVerdict(RemoteWriteOutcome.FallBackToV1, null, written,
                    $"HTTP {status} to a 2.0 request without any X-Prometheus-Remote-Write-*-Written header: the receiver did not understand 2.0 (treated as 415)");
            }
            return new RemoteWriteVerdict(RemoteWriteOutcome.Success, null, written, $"HTTP {status}");
        }
        if (status == 415 && isV2)
        {
            return new RemoteWriteVerdict(RemoteWriteOutcome.FallBackToV1, null, written,
                "HTTP 415 Unsupported Media Type to a 2.0 request: the receiver does not accept io.prometheus.write.v2.Request");
        }
        if (status is >= 500 and < 600)
        {
            return Retry(response, now, written, $"HTTP {status}: server error, retrying");
        }
        if (status == 429)
        {
            return retryOnHttp429
                ? Retry(response, now, written, "HTTP 429 Too Many Requests: retrying (retry_on_http_429)")
                : new RemoteWriteVerdict(RemoteWriteOutcome.Drop, null, written,
                    "HTTP 429 Too Many Requests: dropped, retry_on_http_429 is off");
        }
        return new RemoteWriteVerdict(RemoteWriteOutcome.Drop, null, written,
            $"HTTP {status}: the receiver rejected the request; not retried");
    }

    /// <summary>A request that got no response (connection refused, reset, timeout) is retried, as Prometheus does.</summary>
    public static RemoteWriteVerdict ClassifyTransportFailure(string reason) =>
        new(RemoteWriteOutcome.Retry, null, default, $"no response: {reason}");

    private static RemoteWriteVerdict Retry(RemoteWriteResponse response, DateTimeOffset now,
        RemoteWriteWrittenCounts written, string reason) =>
        new(RemoteWriteOutcome.Retry,
            RetryAfterHeader.TryParse(response.RetryAfter, now, out var delay) ? delay : null,
            written, reason);
}
