using System.Collections.Frozen;
using System.Collections.Immutable;
using Scraper.Actors.Configuration;
using Scraper.Node.Configuration.Yaml;

namespace Scraper.Node.Configuration;

internal sealed partial class ConfigParser
{
    /// <summary>Headers Prometheus sets itself and refuses to take from <c>headers</c> (config.reservedHeaders).</summary>
    private static readonly FrozenSet<string> ReservedHeaders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "host", "content-encoding", "content-length", "content-type", "user-agent", "connection", "keep-alive",
        "proxy-authenticate", "proxy-authorization", "www-authenticate", "accept-encoding",
        "x-prometheus-remote-write-version", "x-prometheus-remote-read-version",
        "x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
    ]);

    private ImmutableArray<RemoteWriteOptions> ParseRemoteWrites(YamlNode node)
    {
        if (AsSequence(node, "remote_write") is not { } items)
        {
            return [];
        }
        var result = ImmutableArray.CreateBuilder<RemoteWriteOptions>(items.Count);
        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"remote_write[{i}]";
            if (items[i] is YamlScalar { IsNull: true })
            {
                Error(items[i], $"{path}: empty or null remote write config section");
                continue;
            }
            if (ParseRemoteWrite(items[i], path, out var nameNode) is not { } rw)
            {
                continue;
            }
            // Unnamed entries are told apart by the hash of their configuration instead.
            if (rw.Name.Length > 0 && !names.TryAdd(rw.Name, nameNode))
            {
                Error(nameNode, $"found multiple remote write configs with name \"{rw.Name}\" (first at line {names[rw.Name].Line})");
                continue;
            }
            result.Add(rw);
        }
        return result.ToImmutable();
    }

    private RemoteWriteOptions? ParseRemoteWrite(YamlNode node, string path, out YamlNode nameNode)
    {
        nameNode = node;
        if (OpenMap(node, path) is not { } m)
        {
            return null;
        }
        var url = m.String("url") ?? string.Empty;
        var name = m.String("name") ?? string.Empty;
        nameNode = m.PositionOf("name");
        var remoteTimeout = m.Duration("remote_timeout") is { } t && t != TimeSpan.Zero ? t : RemoteWriteOptions.DefaultRemoteTimeout;
        var headers = m.Take("headers") is { } h ? ParseHeaders(h, m.Sub("headers")) : ImmutableDictionary<string, string>.Empty;
        var relabel = m.Take("write_relabel_configs") is { } r
            ? ParseRelabelConfigs(r, m.Sub("write_relabel_configs"), "empty or null relabeling rule in remote write config")
            : [];
        var sendExemplars = m.Bool("send_exemplars") ?? false;
        var sendNativeHistograms = m.Bool("send_native_histograms") ?? false;
        var message = RemoteWriteProtobufMessage.V1;
        if (m.String("protobuf_message") is { Length: > 0 } pm)
        {
            switch (pm)
            {
                case RemoteWriteOptions.ProtobufMessageV1:
                    break;
                case RemoteWriteOptions.ProtobufMessageV2:
                    message = RemoteWriteProtobufMessage.V2;
                    break;
                default:
                    Error(m.PositionOf("protobuf_message"),
                        $"invalid protobuf_message value: unknown type for remote write protobuf message {pm}, supported: {RemoteWriteOptions.ProtobufMessageV1}, {RemoteWriteOptions.ProtobufMessageV2}");
                    break;
            }
        }
        var client = ParseHttpClient(m, RemoteWriteOptions.DefaultHttpClient);
        var queue = m.Take("queue_config") is { } q ? ParseQueue(q, m.Sub("queue_config")) : QueueOptions.Default;
        var metadata = m.Take("metadata_config") is { } md ? ParseMetadata(md, m.Sub("metadata_config")) : MetadataOptions.Default;
        m.Finish(UnsupportedKeys.ForRemoteWrite);

        if (url.Length == 0)
        {
            Error(m.Has("url") ? m.PositionOf("url") : node, $"{path}: url for remote_write is empty");
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            Error(m.PositionOf("url"), $"invalid remote_write url \"{url}\": must be an http or https URL with a host");
        }
        return new RemoteWriteOptions
        {
            Url = url,
            Name = name,
            RemoteName = name,
            RemoteTimeout = remoteTimeout,
            Headers = headers,
            WriteRelabelConfigs = relabel,
            SendExemplars = sendExemplars,
            SendNativeHistograms = sendNativeHistograms,
            ProtobufMessage = message,
            HttpClient = client,
            Queue = queue,
            Metadata = metadata,
        };
    }

    private ImmutableDictionary<string, string> ParseHeaders(YamlNode node, string path)
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (AsStringMap(node, path) is not { } entries)
        {
            return result.ToImmutable();
        }
        foreach (var (header, keyNode, value, _) in entries)
        {
            if (string.Equals(header, "authorization", StringComparison.OrdinalIgnoreCase))
            {
                Error(keyNode, "authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter");
                continue;
            }
            if (ReservedHeaders.Contains(header))
            {
                Error(keyNode, $"{header} is a reserved header. It must not be changed");
                continue;
            }
            result[header] = value;
        }
        return result.ToImmutable();
    }

    private QueueOptions ParseQueue(YamlNode node, string path)
    {
        if (OpenMap(node, path) is not { } m)
        {
            return QueueOptions.Default;
        }
        var d = QueueOptions.Default;
        // Prometheus takes any integer here; zero or negative sizes cannot work, so they are rejected.
        var queue = new QueueOptions
        {
            Capacity = (int)(m.Integer("capacity", 1, int.MaxValue) ?? d.Capacity),
            MaxShards = (int)(m.Integer("max_shards", 1, int.MaxValue) ?? d.MaxShards),
            MinShards = (int)(m.Integer("min_shards", 1, int.MaxValue) ?? d.MinShards),
            MaxSamplesPerSend = (int)(m.Integer("max_samples_per_send", 1, int.MaxValue) ?? d.MaxSamplesPerSend),
            BatchSendDeadline = NonZero(m.Duration("batch_send_deadline"), d.BatchSendDeadline),
            MinBackoff = NonZero(m.Duration("min_backoff"), d.MinBackoff),
            MaxBackoff = NonZero(m.Duration("max_backoff"), d.MaxBackoff),
            RetryOnHttp429 = m.Bool("retry_on_http_429") ?? false,
            SampleAgeLimit = m.Duration("sample_age_limit") ?? TimeSpan.Zero,
        };
        m.Finish();
        if (queue.MinShards > queue.MaxShards)
        {
            Error(m.PositionOf("min_shards"), $"{path}: min_shards ({queue.MinShards}) must not be greater than max_shards ({queue.MaxShards})");
        }
        if (queue.MinBackoff > queue.MaxBackoff)
        {
            Error(m.PositionOf("min_backoff"), $"{path}: min_backoff must not be greater than max_backoff");
        }
        return queue;
    }

    private MetadataOptions ParseMetadata(YamlNode node, string path)
    {
        if (OpenMap(node, path) is not { } m)
        {
            return MetadataOptions.Default;
        }
        var d = MetadataOptions.Default;
        var metadata = new MetadataOptions
        {
            Send = m.Bool("send") ?? d.Send,
            SendInterval = NonZero(m.Duration("send_interval"), d.SendInterval),
            MaxSamplesPerSend = (int)(m.Integer("max_samples_per_send", 1, int.MaxValue) ?? d.MaxSamplesPerSend),
        };
        m.Finish();
        return metadata;
    }

    private static TimeSpan NonZero(TimeSpan? value, TimeSpan fallback) => value is { } v && v != TimeSpan.Zero ? v : fallback;
}
