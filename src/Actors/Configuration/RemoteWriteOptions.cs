using System.Collections.Immutable;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Configuration;

/// <summary>One entry of <c>remote_write</c>: where and how samples are sent.</summary>
public sealed record RemoteWriteOptions
{
    /// <summary>YAML name of <see cref="RemoteWriteProtobufMessage.V1"/>.</summary>
    public const string ProtobufMessageV1 = "prometheus.WriteRequest";

    /// <summary>YAML name of <see cref="RemoteWriteProtobufMessage.V2"/>.</summary>
    public const string ProtobufMessageV2 = "io.prometheus.write.v2.Request";

    /// <summary>Prometheus's default request timeout.</summary>
    public static readonly TimeSpan DefaultRemoteTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The HTTP client defaults of a remote-write entry: as for scrapes, but without HTTP/2, which current
    /// Prometheus turns off for remote write (<c>DefaultRemoteWriteHTTPClientConfig</c>).
    /// </summary>
    public static HttpClientOptions DefaultHttpClient { get; } = new() { EnableHttp2 = false };

    /// <summary>The <c>url</c> as written (http or https, with a host).</summary>
    public required string Url { get; init; }

    /// <summary><c>name</c> as configured; empty when unset.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>
    /// The name used in logs and in the <c>remote_name</c> label of the <c>prometheus_remote_storage_*</c> metrics:
    /// <see cref="Name"/> when set, otherwise, as in Prometheus, the first six hex digits of the MD5 of the
    /// entry's YAML form.
    /// </summary>
    public string RemoteName { get; init; } = string.Empty;

    /// <summary><c>remote_timeout</c>.</summary>
    public TimeSpan RemoteTimeout { get; init; } = DefaultRemoteTimeout;

    /// <summary><c>headers</c> added to every request (never one Prometheus reserves).</summary>
    public ImmutableDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary><c>write_relabel_configs</c>: applied after external labels, before sending.</summary>
    public ImmutableArray<RelabelConfig> WriteRelabelConfigs { get; init; } = [];

    /// <summary><c>send_exemplars</c>.</summary>
    public bool SendExemplars { get; init; }

    /// <summary><c>send_native_histograms</c> (always on for remote write 2.0).</summary>
    public bool SendNativeHistograms { get; init; }

    /// <summary><c>protobuf_message</c>.</summary>
    public RemoteWriteProtobufMessage ProtobufMessage { get; init; } = RemoteWriteProtobufMessage.V1;

    /// <summary>Authentication, TLS, proxy, redirect and HTTP/2 settings for the requests.</summary>
    public HttpClientOptions HttpClient { get; init; } = DefaultHttpClient;

    /// <summary><c>queue_config</c>.</summary>
    public QueueOptions Queue { get; init; } = QueueOptions.Default;

    /// <summary><c>metadata_config</c>.</summary>
    public MetadataOptions Metadata { get; init; } = MetadataOptions.Default;
}
