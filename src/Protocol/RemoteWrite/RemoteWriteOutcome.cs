namespace Scraper.Protocol.RemoteWrite;

/// <summary>What a sender does with a batch after the receiver answered (see <see cref="RemoteWriteResponseClassifier"/>).</summary>
public enum RemoteWriteOutcome
{
    /// <summary>The receiver wrote the batch: acknowledge it.</summary>
    Success,

    /// <summary>Recoverable (5xx, opt-in 429, transport failure): send the same batch again after a backoff.</summary>
    Retry,

    /// <summary>The write can never succeed (4xx other than 429, or 429 without retry_on_http_429): drop and count it.</summary>
    Drop,

    /// <summary>
    /// The receiver does not speak Remote-Write 2.0 (415, or 2xx without the written-count headers): send the
    /// batch again as 1.0 and keep to 1.0 for this receiver.
    /// </summary>
    FallBackToV1,
}
