namespace Scraper.Protocol.RemoteWrite;

/// <summary>One step of <see cref="BackoffPolicy"/>.</summary>
/// <param name="Delay">How long to wait before this attempt.</param>
/// <param name="NextBackoff">The backoff state to pass to <see cref="BackoffPolicy.Next"/> if this attempt fails too.</param>
public readonly record struct BackoffStep(TimeSpan Delay, TimeSpan NextBackoff);
