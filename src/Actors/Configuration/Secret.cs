namespace Scraper.Actors.Configuration;

/// <summary>
/// A secret from the configuration: either written inline (<c>password</c>, <c>credentials</c>,
/// <c>bearer_token</c>, a TLS <c>key</c>) or kept in a file (<c>password_file</c>, <c>credentials_file</c>, ...).
/// A file is read each time <see cref="Read"/> is called, so a rotated secret is picked up without a reload,
/// as Prometheus does. The value never appears in <see cref="ToString"/>: it prints <c>&lt;secret&gt;</c>.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    /// <summary>How Prometheus prints a secret value in configuration dumps and logs.</summary>
    public const string Redacted = "<secret>";

    private readonly string? _value;

    private Secret(string? value, string? filePath)
    {
        _value = value;
        FilePath = filePath;
    }

    /// <summary>
    /// The file holding the secret, relative paths already joined with the configuration file's directory
    /// (as Prometheus's <c>SetDirectory</c> does); null for an inline secret.
    /// </summary>
    public string? FilePath { get; }

    /// <summary>True when the secret is read from <see cref="FilePath"/>.</summary>
    public bool IsFile => FilePath is not null;

    /// <summary>An inline secret.</summary>
    public static Secret FromValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Secret(value, null);
    }

    /// <summary>A secret read from <paramref name="path"/> each time it is used.</summary>
    public static Secret FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new Secret(null, path);
    }

    /// <summary>
    /// The current value: the inline text, or the file's content with surrounding white space (such as the
    /// trailing newline editors add) trimmed, as Prometheus trims it.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public string Read() => FilePath is null ? _value! : ReadFile(FilePath);

    /// <summary>Like <see cref="Read"/>, without blocking a thread on the file read.</summary>
    public async Task<string> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (FilePath is null)
        {
            return _value!;
        }
        var text = await File.ReadAllTextAsync(FilePath, cancellationToken).ConfigureAwait(false);
        return text.Trim();
    }

    /// <summary>Reads a secret or credential file the way Prometheus does: whole content, white space trimmed.</summary>
    public static string ReadFile(string path) => File.ReadAllText(path).Trim();

    /// <summary>Always <c>&lt;secret&gt;</c>, so that a secret never reaches a log line.</summary>
    public override string ToString() => Redacted;

    /// <inheritdoc />
    public bool Equals(Secret? other) =>
        other is not null && string.Equals(_value, other._value, StringComparison.Ordinal)
        && string.Equals(FilePath, other.FilePath, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Secret other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_value, FilePath);
}
