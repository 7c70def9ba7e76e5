namespace Scraper.Protocol.Exposition;

/// <summary>
/// Why a scrape body was rejected: the 1-based line of the offending token and what was expected there,
/// e.g. <c>line 12: expected label value, got "}"</c>. Prometheus fails the whole scrape on any such error.
/// </summary>
/// <param name="Line">1-based line number in the body.</param>
/// <param name="Message">What was expected and what was found instead.</param>
public readonly record struct ExpositionError(int Line, string Message)
{
    /// <summary><c>line N: message</c>.</summary>
    public override string ToString() => $"line {Line}: {Message}";
}
