using System.Net;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Protocol.Tests.RemoteWrite;

public sealed class ResponseHandlingTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private const RemoteWriteProtoMessage V1 = RemoteWriteProtoMessage.V1WriteRequest;
    private const RemoteWriteProtoMessage V2 = RemoteWriteProtoMessage.V2Request;

    [Theory]
    // 2xx: success for 1.0 whatever the headers.
    [InlineData(200, V1, false, null, RemoteWriteOutcome.Success)]
    [InlineData(204, V1, false, null, RemoteWriteOutcome.Success)]
    [InlineData(204, V1, true, null, RemoteWriteOutcome.Success)]
    // 2.0: 2xx with a written header is success; without any, the receiver misread the body as 1.0.
    [InlineData(204, V2, true, null, RemoteWriteOutcome.Success)]
    [InlineData(200, V2, false, null, RemoteWriteOutcome.FallBackToV1)]
    [InlineData(204, V2, false, null, RemoteWriteOutcome.FallBackToV1)]
    // 415: fall back for 2.0; for 1.0 there is nothing older to try.
    [InlineData(415, V2, false, null, RemoteWriteOutcome.FallBackToV1)]
    [InlineData(415, V2, true, null, RemoteWriteOutcome.FallBackToV1)]
    [InlineData(415, V1, false, null, RemoteWriteOutcome.Drop)]
    // 5xx: always retried.
    [InlineData(500, V1, false, null, RemoteWriteOutcome.Retry)]
    [InlineData(502, V2, false, null, RemoteWriteOutcome.Retry)]
    [InlineData(503, V1, false, "7", RemoteWriteOutcome.Retry)]
    [InlineData(599, V1, false, null, RemoteWriteOutcome.Retry)]
    // Other 4xx: dropped, never retried.
    [InlineData(400, V1, false, null, RemoteWriteOutcome.Drop)]
    [InlineData(400, V2, false, null, RemoteWriteOutcome.Drop)]
    [InlineData(401, V1, false, null, RemoteWriteOutcome.Drop)]
    [InlineData(403, V1, false, null, RemoteWriteOutcome.Drop)]
    [InlineData(404, V1, false, null, RemoteWriteOutcome.Drop)]
    [InlineData(409, V1, false, null, RemoteWriteOutcome.Drop)]
    [InlineData(413, V1, false, null, RemoteWriteOutcome.Drop)]
    // Neither success nor error classes: not retried, as in Prometheus (status/100 != 2 and not 5xx).
    [InlineData(302, V1, false, null, RemoteWriteOutcome.Drop)]
    [InlineData(101, V1, false, null, RemoteWriteOutcome.Drop)]
    public void Classify_statusTable_matchesSpecAndPrometheus(int status, RemoteWriteProtoMessage sent, bool writtenHeaders,
        string? retryAfter, RemoteWriteOutcome expected)
    {
        var response = new RemoteWriteResponse(status, retryAfter, writtenHeaders ? "10" : null);

        var verdict = RemoteWriteResponseClassifier.Classify(response, sent, itemsSent: 10, retryOnHttp429: false, Now);

        Assert.Equal(expected, verdict.Outcome);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, null, RemoteWriteOutcome.Drop, null)]
    [InlineData(true, null, RemoteWriteOutcome.Retry, null)]
    [InlineData(true, "3", RemoteWriteOutcome.Retry, 3_000)]
    [InlineData(true, "Wed, 01 May 2024 12:00:30 GMT", RemoteWriteOutcome.Retry, 30_000)]
    [InlineData(true, "garbage", RemoteWriteOutcome.Retry, null)]
    [InlineData(false, "3", RemoteWriteOutcome.Drop, null)]
    public void Classify_429_retriesOnlyWhenEnabledAndHonoursRetryAfter(bool retryOn429, string? retryAfter,
        RemoteWriteOutcome expected, int? expectedDelayMs)
    {
        var verdict = RemoteWriteResponseClassifier.Classify(new RemoteWriteResponse(429, retryAfter), V1, 5, retryOn429, Now);

        Assert.Equal(expected, verdict.Outcome);
        Assert.Equal(expectedDelayMs is null ? null : TimeSpan.FromMilliseconds(expectedDelayMs.Value), verdict.RetryAfter);
    }

    [Fact]
    public void Classify_5xxWithRetryAfter_carriesTheDelay()
    {
        var verdict = RemoteWriteResponseClassifier.Classify(new RemoteWriteResponse(503, "12"), V2, 5, false, Now);

        Assert.Equal(RemoteWriteOutcome.Retry, verdict.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(12), verdict.RetryAfter);
    }

    [Fact]
    public void Classify_v2EmptyBatchWithoutHeaders_isSuccessBecauseThereWasNothingToConfirm()
    {
        var verdict = RemoteWriteResponseClassifier.Classify(new RemoteWriteResponse(204), V2, itemsSent: 0, false, Now);

        Assert.Equal(RemoteWriteOutcome.Success, verdict.Outcome);
    }

    [Fact]
    public void Classify_v2WithWrittenCounts_reportsThem()
    {
        var response = new RemoteWriteResponse(204, null, "1998", "0", "2");

        var verdict = RemoteWriteResponseClassifier.Classify(response, V2, 2000, false, Now);

        Assert.Equal(RemoteWriteOutcome.Success, verdict.Outcome);
        Assert.Equal(new RemoteWriteWrittenCounts(1998, 0, 2, Confirmed: true), verdict.Written);
    }

    [Fact]
    public void Classify_v2WithOnlyAZeroHistogramsHeader_isConfirmedAndSuccess()
    {
        // A 2.0 receiver that wrote nothing of one kind may send only that header; any header confirms 2.0.
        var verdict = RemoteWriteResponseClassifier.Classify(new RemoteWriteResponse(204, null, null, "0"), V2, 3, false, Now);

        Assert.Equal(RemoteWriteOutcome.Success, verdict.Outcome);
        Assert.True(verdict.Written.Confirmed);
        Assert.True(verdict.Written.NoDataWritten);
    }

    [Fact]
    public void ClassifyTransportFailure_isRetry()
    {
        var verdict = RemoteWriteResponseClassifier.ClassifyTransportFailure("connection refused");

        Assert.Equal(RemoteWriteOutcome.Retry, verdict.Outcome);
        Assert.Contains("connection refused", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12", "0", "3", 12L, 0L, 3L, true, false)]
    [InlineData(null, null, null, 0L, 0L, 0L, false, false)]
    [InlineData("", "", "", 0L, 0L, 0L, false, false)]
    [InlineData("abc", null, null, 0L, 0L, 0L, true, true)]
    [InlineData("-4", null, null, 0L, 0L, 0L, true, true)]
    [InlineData(" 9 ", null, "9223372036854775807", 9L, 0L, long.MaxValue, true, false)]
    public void WrittenCounts_parse_readsHeadersAsPrometheusDoes(string? s, string? h, string? e,
        long samples, long histograms, long exemplars, bool confirmed, bool hasError)
    {
        var counts = RemoteWriteWrittenCounts.Parse(s, h, e, out var error);

        Assert.Equal(new RemoteWriteWrittenCounts(samples, histograms, exemplars, confirmed), counts);
        Assert.Equal(hasError, error is not null);
    }

    [Fact]
    public void RemoteWriteResponse_fromHttpResponse_readsStatusAndHeaders()
    {
        using var http = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        http.Headers.TryAddWithoutValidation(RemoteWriteHeaders.RetryAfter, "5");
        http.Headers.TryAddWithoutValidation(RemoteWriteHeaders.SamplesWritten, "1");
        http.Headers.TryAddWithoutValidation(RemoteWriteHeaders.ExemplarsWritten, "2");

        var response = RemoteWriteResponse.From(http);

        Assert.Equal(new RemoteWriteResponse(429, "5", "1", null, "2"), response);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("1", 1_000)]
    [InlineData("120", 120_000)]
    [InlineData(" 5 ", 5_000)]
    [InlineData("-5", null)]
    [InlineData("1.5", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("soon", null)]
    [InlineData("Wed, 01 May 2024 12:01:00 GMT", 60_000)]
    [InlineData("Wednesday, 01-May-24 12:00:10 GMT", 10_000)]
    [InlineData("Wed May  1 12:00:05 2024", 5_000)]
    [InlineData("Wed, 01 May 2024 11:59:00 GMT", null)]
    [InlineData("Wed, 01 May 2024 12:00:00 GMT", null)]
    public void RetryAfterHeader_secondsOrHttpDate_givesTheDelayFromNow(string? value, int? expectedMs)
    {
        var ok = RetryAfterHeader.TryParse(value, Now, out var delay);

        Assert.Equal(expectedMs is not null, ok);
        if (expectedMs is { } ms)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(ms), delay);
        }
    }

    [Fact]
    public void RetryAfterHeader_hugeSeconds_isClampedInsteadOfOverflowing()
    {
        Assert.True(RetryAfterHeader.TryParse("99999999999999999", Now, out var delay));
        Assert.Equal(TimeSpan.FromDays(1), delay);
    }

    [Fact]
    public void BackoffPolicy_default_doublesFrom30msAndCapsAt5s()
    {
        var policy = BackoffPolicy.Default;
        var delays = new List<double>();
        var backoff = policy.MinBackoff;

        for (var i = 0; i < 10; i++)
        {
            var step = policy.Next(backoff);
            delays.Add(step.Delay.TotalMilliseconds);
            backoff = step.NextBackoff;
        }

        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3840, 5000, 5000], delays);
    }

    [Theory]
    // current backoff, Retry-After, expected delay, expected next backoff (ms); policy 30 ms .. 5 s
    [InlineData(30, null, 30, 60)]
    [InlineData(30, 2_000, 2_000, 4_000)]
    [InlineData(30, 10_000, 10_000, 5_000)]   // Retry-After wins even above max_backoff; the next wait is capped
    [InlineData(4_000, null, 4_000, 5_000)]
    [InlineData(5_000, null, 5_000, 5_000)]
    [InlineData(9_000, null, 5_000, 5_000)]   // a state above max (config reload) is capped
    [InlineData(1, null, 30, 60)]             // a state below min is raised
    [InlineData(480, 0, 480, 960)]            // zero Retry-After means "use the backoff"
    public void BackoffPolicy_next_table(int currentMs, int? retryAfterMs, int expectedDelayMs, int expectedNextMs)
    {
        var step = BackoffPolicy.Default.Next(TimeSpan.FromMilliseconds(currentMs),
            retryAfterMs is null ? null : TimeSpan.FromMilliseconds(retryAfterMs.Value));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedDelayMs), step.Delay);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedNextMs), step.NextBackoff);
    }

    [Fact]
    public void BackoffPolicy_invalidBounds_areRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData(RemoteWriteProtoMessage.V1WriteRequest, "application/x-protobuf", "0.1.0")]
    [InlineData(RemoteWriteProtoMessage.V2Request, "application/x-protobuf;proto=io.prometheus.write.v2.Request", "2.0.0")]
    public void Headers_perMessage_areTheSpecValues(RemoteWriteProtoMessage message, string contentType, string version)
    {
        Assert.Equal(contentType, RemoteWriteHeaders.ContentTypeFor(message));
        Assert.Equal(version, RemoteWriteHeaders.VersionFor(message));
        Assert.Equal("snappy", RemoteWriteHeaders.SnappyEncoding);
    }

    [Fact]
    public void Headers_userAgent_isScraperSlashVersionAndAValidHttpHeader()
    {
        var ua = RemoteWriteHeaders.UserAgentValue;

        Assert.StartsWith("scraper/0.1.0", ua, StringComparison.Ordinal);
        using var request = new HttpRequestMessage();
        Assert.True(request.Headers.UserAgent.TryParseAdd(ua));
        Assert.Equal("scraper", Assert.Single(request.Headers.UserAgent).Product?.Name);
    }

    [Theory]
    [InlineData("Content-Type", true)]
    [InlineData("content-encoding", true)]
    [InlineData("User-Agent", true)]
    [InlineData("X-Prometheus-Remote-Write-Version", true)]
    [InlineData("X-Scope-OrgID", false)]
    [InlineData("Authorization", false)]
    public void Headers_isReserved_matchesPrometheusList(string name, bool reserved)
    {
        Assert.Equal(reserved, RemoteWriteHeaders.IsReserved(name));
    }

    [Theory]
    [InlineData("prometheus.WriteRequest", true, RemoteWriteProtoMessage.V1WriteRequest)]
    [InlineData("io.prometheus.write.v2.Request", true, RemoteWriteProtoMessage.V2Request)]
    [InlineData("prometheus.writerequest", false, default(RemoteWriteProtoMessage))]
    [InlineData("v2", false, default(RemoteWriteProtoMessage))]
    [InlineData("", false, default(RemoteWriteProtoMessage))]
    public void ProtoMessages_tryParse_acceptsOnlyTheTwoFullyQualifiedNames(string value, bool ok, RemoteWriteProtoMessage expected)
    {
        var parsed = RemoteWriteProtoMessages.TryParse(value, out var message, out var error);

        Assert.Equal(ok, parsed);
        Assert.Equal(expected, message);
        if (!ok)
        {
            Assert.Equal($"unknown remote write protobuf message {value}, supported: prometheus.WriteRequest, io.prometheus.write.v2.Request", error);
        }
    }

    [Theory]
    [InlineData(RemoteWriteProtoMessage.V1WriteRequest)]
    [InlineData(RemoteWriteProtoMessage.V2Request)]
    public void ProtoMessages_nameThenParse_roundTrips(RemoteWriteProtoMessage message)
    {
        Assert.True(RemoteWriteProtoMessages.TryParse(RemoteWriteProtoMessages.Name(message), out var parsed, out _));
        Assert.Equal(message, parsed);
    }
}
