namespace Scraper.Protocol.RemoteWrite;

/// <summary>The decision for one answered (or failed) remote-write request.</summary>
/// <param name="Outcome">What to do with the batch.</param>
/// <param name="RetryAfter">The delay the receiver asked for with <c>Retry-After</c>, when usable; only set on <see cref="RemoteWriteOutcome.Retry"/>.</param>
/// <param name="Written">The 2.0 written counts the receiver returned (unconfirmed and zero when it sent none).</param>
/// <param name="Reason">Why, in words fit for a log line; names the status code.</param>
public sealed record RemoteWriteVerdict(RemoteWriteOutcome Outcome, TimeSpan? RetryAfter, RemoteWriteWrittenCounts Written, string Reason);
