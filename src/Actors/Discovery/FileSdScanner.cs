using System.Collections.Immutable;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Discovery;

/// <summary>What reading one file_sd file gave: its groups, or why it could not be used.</summary>
/// <param name="Groups">The groups, when the file parsed.</param>
/// <param name="Error">Why the file was rejected (with the line where there is one), or null.</param>
public sealed record FileSdRead(ImmutableArray<TargetGroup> Groups, string? Error);

/// <summary>
/// Lists and reads the files of a file_sd config (Prometheus discovery/file): every file matching a pattern (one glob
/// in the last path element), JSON or YAML by extension, each group labelled <c>__meta_filepath</c>.
/// </summary>
public static class FileSdScanner
{
    /// <summary>The label file_sd adds to every group.</summary>
    public const string FilePathLabel = "__meta_filepath";

    /// <summary>Reads every file matching <paramref name="patterns"/> (blocking file I/O: run it off the actor thread).</summary>
    public static ImmutableDictionary<string, FileSdRead> Scan(ImmutableArray<string> patterns)
    {
        var result = ImmutableDictionary.CreateBuilder<string, FileSdRead>(StringComparer.Ordinal);
        foreach (var path in ListFiles(patterns))
        {
            result[path] = Read(path);
        }
        return result.ToImmutable();
    }

    /// <summary>The files the patterns match now, sorted.</summary>
    public static IReadOnlyList<string> ListFiles(ImmutableArray<string> patterns)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var directory = Path.GetDirectoryName(pattern);
            var name = Path.GetFileName(pattern);
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            {
                continue;
            }
            if (name.IndexOfAny(['*', '?', '[']) < 0)
            {
                if (File.Exists(pattern))
                {
                    files.Add(pattern);
                }
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                if (GoGlob.Match(name, Path.GetFileName(file)))
                {
                    files.Add(file);
                }
            }
        }
        return [.. files];
    }

    /// <summary>Reads and parses one file; never throws.</summary>
    public static FileSdRead Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var extra = new Label(FilePathLabel, path);
            var ext = Path.GetExtension(path);
            bool ok;
            ImmutableArray<TargetGroup> groups;
            string? error;
            if (string.Equals(ext, ".json", StringComparison.OrdinalIgnoreCase))
            {
                ok = TargetGroupParser.TryParseJson(File.ReadAllBytes(path), path, extra, out groups, out error);
            }
            else if (ext is ".yml" or ".yaml")
            {
                ok = TargetGroupParser.TryParseYaml(File.ReadAllText(path), path, extra, out groups, out error);
            }
            else
            {
                return new FileSdRead([], $"retrieval target groups from {path}: invalid file extension \"{ext}\"");
            }
            return ok ? new FileSdRead(groups, null) : new FileSdRead([], error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileSdRead([], e.Message);
        }
    }

    /// <summary>
    /// The groups to use after a scan: a file that read well replaces its previous groups, a broken file keeps its
    /// last good groups (Prometheus keeps them too), a file that is gone loses its groups.
    /// </summary>
    public static ImmutableDictionary<string, ImmutableArray<TargetGroup>> Merge(
        ImmutableDictionary<string, ImmutableArray<TargetGroup>> lastGood, ImmutableDictionary<string, FileSdRead> scan)
    {
        ArgumentNullException.ThrowIfNull(lastGood);
        ArgumentNullException.ThrowIfNull(scan);
        var next = ImmutableDictionary.CreateBuilder<string, ImmutableArray<TargetGroup>>(StringComparer.Ordinal);
        foreach (var (path, read) in scan)
        {
            if (read.Error is null)
            {
                next[path] = read.Groups;
            }
            else if (lastGood.TryGetValue(path, out var previous))
            {
                next[path] = previous;
            }
        }
        return next.ToImmutable();
    }
}
