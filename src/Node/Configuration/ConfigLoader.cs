using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Scraper.Actors.Configuration;
using Scraper.Node.Configuration.Yaml;

namespace Scraper.Node.Configuration;

/// <summary>
/// Loads <c>prometheus.yml</c> into <see cref="PrometheusOptions"/> and validates it as Prometheus (in agent
/// mode) does, collecting every error with its file, line and column instead of stopping at the first.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Reads and loads a configuration file. Relative paths inside it are resolved against its directory.</summary>
    public static ConfigLoadResult LoadFile(string path, ConfigLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ConfigLoadResult { Errors = [new ConfigError(path, 0, 0, $"cannot read configuration file: {e.Message}")] };
        }
        return Load(text, path, options);
    }

    /// <summary>
    /// Loads configuration text. <paramref name="fileName"/> names the file in messages, and its directory is the
    /// one relative paths (password files, file_sd patterns, TLS files) are joined with.
    /// </summary>
    public static ConfigLoadResult Load(string yaml, string fileName, ConfigLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        options ??= ConfigLoaderOptions.Default;
        var tree = YamlTreeReader.Read(yaml);
        if (tree.Error is not null)
        {
            return new ConfigLoadResult { Errors = [new ConfigError(fileName, tree.ErrorLine, tree.ErrorColumn, $"YAML syntax error: {tree.Error}")] };
        }
        var parser = new ConfigParser(fileName, options);
        var config = parser.Parse(tree.Root);
        var warnings = parser.Warnings.ToImmutableArray();
        if (tree.HasMoreDocuments)
        {
            warnings = warnings.Add(new ConfigError(fileName, 0, 0, "only the first YAML document of the file is read"));
        }
        if (config is null)
        {
            return new ConfigLoadResult { Errors = Sorted(parser.Errors), Warnings = warnings };
        }
        return new ConfigLoadResult { Options = WithRemoteNames(config), Warnings = warnings };
    }

    /// <summary>
    /// Prometheus names an unnamed remote-write queue (the <c>remote_name</c> label of its metrics) after the
    /// first six hex digits of the MD5 of the entry's YAML; we hash our own YAML form of the entry.
    /// </summary>
    private static PrometheusOptions WithRemoteNames(PrometheusOptions config)
    {
        if (config.RemoteWrite.All(rw => rw.Name.Length > 0))
        {
            return config;
        }
        var named = config.RemoteWrite.Select(rw => rw.Name.Length > 0 ? rw : rw with { RemoteName = HashName(rw) });
        return config with { RemoteWrite = [.. named] };
    }

    private static string HashName(RemoteWriteOptions rw)
    {
        var yaml = ConfigYamlWriter.WriteRemoteWrite(rw);
#pragma warning disable CA5351 // MD5 is not used for security: it is the naming scheme Prometheus uses.
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(yaml));
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash)[..6];
    }

    private static ImmutableArray<ConfigError> Sorted(IEnumerable<ConfigError> errors) =>
        [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
