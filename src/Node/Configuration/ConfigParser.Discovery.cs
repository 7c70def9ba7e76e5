using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Scraper.Actors.Configuration;
using Scraper.Node.Configuration.Yaml;

namespace Scraper.Node.Configuration;

internal sealed partial class ConfigParser
{
    // Prometheus's patFileSDName: at most one '*', only in the last path element, and a JSON or YAML extension.
    [GeneratedRegex(@"^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$")]
    private static partial Regex FileSdName();

    private ImmutableArray<FileSdOptions> ParseFileSdConfigs(YamlNode node, string path, string jobName)
    {
        if (AsSequence(node, path) is not { } items)
        {
            return [];
        }
        var result = ImmutableArray.CreateBuilder<FileSdOptions>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (OpenMap(items[i], itemPath) is not { } m)
            {
                continue;
            }
            var files = m.StringList("files") ?? [];
            var refresh = m.Duration("refresh_interval") is { } r && r != TimeSpan.Zero ? r : FileSdOptions.DefaultRefreshInterval;
            m.Finish();
            if (files.Count == 0)
            {
                Error(m.Has("files") ? m.PositionOf("files") : items[i], $"{itemPath}: file service discovery config must contain at least one path name");
            }
            var resolved = ImmutableArray.CreateBuilder<string>(files.Count);
            foreach (var (file, fileNode) in files)
            {
                if (!FileSdName().IsMatch(file))
                {
                    Error(fileNode, $"path name \"{file}\" is not valid for file discovery");
                    continue;
                }
                if (!GoGlob.IsValid(Path.GetFileName(file)) || !GoGlob.IsValid(Path.GetDirectoryName(file) ?? string.Empty))
                {
                    Error(fileNode, $"syntax error in pattern \"{file}\"");
                    continue;
                }
                var joined = JoinDir(file);
                if (_options.CheckReferencedFiles && !MatchesAnyFile(joined))
                {
                    Warning(fileNode, $"file \"{file}\" for file_sd in scrape job \"{jobName}\" does not exist");
                }
                resolved.Add(joined);
            }
            result.Add(new FileSdOptions { Files = resolved.ToImmutable(), RefreshInterval = refresh });
        }
        return result.ToImmutable();
    }

    private static bool MatchesAnyFile(string pattern)
    {
        var name = Path.GetFileName(pattern);
        var directory = Path.GetDirectoryName(pattern);
        directory = string.IsNullOrEmpty(directory) ? "." : directory;
        if (!GoGlob.HasMeta(name))
        {
            return File.Exists(pattern);
        }
        try
        {
            return Directory.Exists(directory)
                && Directory.EnumerateFiles(directory).Any(f => GoGlob.Match(name, Path.GetFileName(f)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    private ImmutableArray<HttpSdOptions> ParseHttpSdConfigs(YamlNode node, string path)
    {
        if (AsSequence(node, path) is not { } items)
        {
            return [];
        }
        var result = ImmutableArray.CreateBuilder<HttpSdOptions>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (OpenMap(items[i], itemPath) is not { } m)
            {
                continue;
            }
            var url = m.String("url") ?? string.Empty;
            var refresh = m.Duration("refresh_interval") is { } r && r != TimeSpan.Zero ? r : HttpSdOptions.DefaultRefreshInterval;
            var client = ParseHttpClient(m, HttpClientOptions.Default);
            m.Finish(UnsupportedKeys.ForHttpSd);
            // discovery/http SDConfig.UnmarshalYAML's checks and messages.
            if (url.Length == 0)
            {
                Error(m.Has("url") ? m.PositionOf("url") : items[i], $"{itemPath}: URL is missing");
            }
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                Error(m.PositionOf("url"), $"{itemPath}: URL scheme must be 'http' or 'https'");
            }
            else if (uri.Host.Length == 0)
            {
                Error(m.PositionOf("url"), $"{itemPath}: host is missing in URL");
            }
            result.Add(new HttpSdOptions { Url = url, RefreshInterval = refresh, HttpClient = client });
        }
        return result.ToImmutable();
    }

    private ImmutableArray<DnsSdOptions> ParseDnsSdConfigs(YamlNode node, string path)
    {
        if (AsSequence(node, path) is not { } items)
        {
            return [];
        }
        var result = ImmutableArray.CreateBuilder<DnsSdOptions>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (OpenMap(items[i], itemPath) is not { } m)
            {
                continue;
            }
            var names = m.StringList("names") ?? [];
            var typeText = m.String("type") is { Length: > 0 } t ? t : "SRV";
            var port = m.Integer("port", 0, 65535) ?? 0;
            var refresh = m.Duration("refresh_interval") is { } r && r != TimeSpan.Zero ? r : DnsSdOptions.DefaultRefreshInterval;
            m.Finish();
            // discovery/dns SDConfig.UnmarshalYAML's checks and messages; the type is case insensitive.
            if (names.Count == 0)
            {
                Error(m.Has("names") ? m.PositionOf("names") : items[i], $"{itemPath}: DNS-SD config must contain at least one SRV record name");
            }
            DnsRecordType? type = typeText.ToUpperInvariant() switch
            {
                "SRV" => DnsRecordType.Srv,
                "A" => DnsRecordType.A,
                "AAAA" => DnsRecordType.Aaaa,
                "MX" => DnsRecordType.Mx,
                "NS" => DnsRecordType.Ns,
                _ => null,
            };
            if (type is null)
            {
                Error(m.PositionOf("type"), $"invalid DNS-SD records type {typeText}");
            }
            else if (type != DnsRecordType.Srv && port == 0)
            {
                Error(m.Has("port") ? m.PositionOf("port") : items[i], $"{itemPath}: a port is required in DNS-SD configs for all record types except SRV");
            }
            result.Add(new DnsSdOptions
            {
                Names = [.. names.Select(n => n.Value)],
                Type = type ?? DnsRecordType.Srv,
                Port = (int)port,
                RefreshInterval = refresh,
            });
        }
        return result.ToImmutable();
    }
}
