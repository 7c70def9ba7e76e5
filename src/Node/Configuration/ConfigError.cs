namespace Scraper.Node.Configuration;

/// <summary>
/// A mistake (or, as a warning, a remark) about a configuration file, with the position it refers to.
/// Lines and columns are 1-based; 0 when the problem has no position (an unreadable file).
/// </summary>
public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    /// <summary><c>FILE:LINE:COL: message</c>, or <c>FILE: message</c> without a position.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
