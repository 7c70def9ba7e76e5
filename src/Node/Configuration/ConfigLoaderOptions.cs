namespace Scraper.Node.Configuration;

/// <summary>How <see cref="ConfigLoader"/> loads a file.</summary>
public sealed record ConfigLoaderOptions
{
    /// <summary>The defaults: referenced files are checked, the process environment expands external labels.</summary>
    public static ConfigLoaderOptions Default { get; } = new();

    /// <summary>
    /// Check that every file the configuration names (password, credentials and token files, TLS CA,
    /// certificate and key files) exists and can be read, as <c>promtool check config</c> does. Turn it off
    /// for <c>--syntax-only</c>.
    /// </summary>
    public bool CheckReferencedFiles { get; init; } = true;

    /// <summary>
    /// Looks up environment variables for <c>$VAR</c> / <c>${VAR}</c> in <c>external_labels</c> values; null or
    /// empty for an unset variable.
    /// </summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
