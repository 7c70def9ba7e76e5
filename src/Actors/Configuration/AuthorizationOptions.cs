namespace Scraper.Actors.Configuration;

/// <summary>
/// <c>authorization</c> (and the deprecated <c>bearer_token</c> / <c>bearer_token_file</c>, which load as an
/// authorization of type <c>Bearer</c>): the header <c>Authorization: &lt;type&gt; &lt;credentials&gt;</c>.
/// </summary>
public sealed record AuthorizationOptions
{
    /// <summary>Prometheus's default authorization type.</summary>
    public const string DefaultType = "Bearer";

    /// <summary>The scheme written before the credentials, white space trimmed; never <c>Basic</c>.</summary>
    public string Type { get; init; } = DefaultType;

    /// <summary><c>credentials</c> or <c>credentials_file</c>; null when neither is set.</summary>
    public Secret? Credentials { get; init; }

    /// <summary>The current credentials, empty when none are configured.</summary>
    /// <exception cref="IOException">The credentials file cannot be read.</exception>
    public string ReadCredentials() => Credentials?.Read() ?? string.Empty;
}
