using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.RemoteWrite.Sending;

/// <summary>
/// One remote-write POST, everything the HTTP task needs captured before it starts (no actor state). The body is
/// the shard's encoder buffer: the shard neither re-encodes nor disposes it while the request runs.
/// </summary>
internal sealed record RemoteWriteRequest(
    HttpClient Client,
    Uri Url,
    ReadOnlyMemory<byte> Body,
    RemoteWriteProtoMessage Message,
    ImmutableDictionary<string, string> Headers,
    HttpClientOptions HttpOptions,
    TimeSpan Timeout,
    TimeProvider Time,
    int Attempt);
