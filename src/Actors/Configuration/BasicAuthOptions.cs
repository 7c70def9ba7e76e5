namespace Scraper.Actors.Configuration;

/// <summary><c>basic_auth</c>: the <c>Authorization: Basic</c> header sent with every request.</summary>
public sealed record BasicAuthOptions
{
    /// <summary>The user name written inline (empty when <see cref="UsernameFile"/> is used).</summary>
    public string Username { get; init; } = string.Empty;

    /// <summary><c>username_file</c>, joined with the configuration file's directory; null when unset.</summary>
    public string? UsernameFile { get; init; }

    /// <summary><c>password</c> or <c>password_file</c>; null when neither is set (an empty password).</summary>
    public Secret? Password { get; init; }

    /// <summary>The current user name (read from <see cref="UsernameFile"/> when that is set).</summary>
    /// <exception cref="IOException">The user name file cannot be read.</exception>
    public string ReadUsername() => UsernameFile is null ? Username : Secret.ReadFile(UsernameFile);

    /// <summary>The current password, empty when none is configured.</summary>
    /// <exception cref="IOException">The password file cannot be read.</exception>
    public string ReadPassword() => Password?.Read() ?? string.Empty;
}
