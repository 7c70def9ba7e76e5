using Scraper.Protocol.RemoteWrite;
using Scraper.TestSupport;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

/// <summary>One batch sent to a real receiver the way our sender will send it, and what our classifier makes of the answer.</summary>
internal static class InteropSend
{
    /// <summary>
    /// Encodes <paramref name="batch"/> as <paramref name="message"/>, posts it to <paramref name="writeUrl"/>, writes the
    /// answer to the test output and returns the classifier's verdict, with the response body for failure messages.
    /// </summary>
    public static async Task<(RemoteWriteVerdict Verdict, string Body)> SendAsync(
        PeerProcess receiver, string writeUrl, RemoteWriteBatch batch, RemoteWriteProtoMessage message, CancellationToken ct)
    {
        using var encoder = new RemoteWriteEncoder();
        using var response = await RemoteWriteClient.PostAsync(receiver.Http, writeUrl, encoder.Encode(batch, message), message, ct);
        var answer = RemoteWriteResponse.From(response);
        var body = await response.Content.ReadAsStringAsync(ct);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{receiver.Name} answered a {RemoteWriteProtoMessages.Name(message)} request with HTTP {answer.StatusCode}, written headers: " +
            $"{answer.SamplesWritten ?? "none"}/{answer.HistogramsWritten ?? "none"}/{answer.ExemplarsWritten ?? "none"}, body: '{body}'");
        var verdict = RemoteWriteResponseClassifier.Classify(answer, message, batch.SampleCount + batch.ExemplarCount,
            retryOnHttp429: false, DateTimeOffset.UtcNow);
        return (verdict, body);
    }
}
