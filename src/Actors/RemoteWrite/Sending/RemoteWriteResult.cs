using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.RemoteWrite.Sending;

/// <summary>
/// The answer to a <see cref="RemoteWriteRequest"/>: the receiver's status and headers, or why there was none
/// (<see cref="Error"/>: connection refused or reset, timeout, unreadable credentials). <see cref="ErrorBody"/> is
/// the start of a non-2xx response body, for the log.
/// </summary>
internal sealed record RemoteWriteResult(
    int Attempt,
    RemoteWriteResponse? Response,
    string? Error,
    string? ErrorBody,
    TimeSpan Duration);
