namespace Scraper.Protocol.Exposition;

/// <summary>What <see cref="ExpositionParser.Next"/> found; tells which of the parser's properties are meaningful.</summary>
public enum ExpositionEntry
{
    /// <summary><see cref="ExpositionParser.Next"/> has not been called yet.</summary>
    None = 0,

    /// <summary>A sample: <see cref="ExpositionParser.Series"/>, <see cref="ExpositionParser.Value"/>,
    /// <see cref="ExpositionParser.TimestampMs"/> and possibly an exemplar.</summary>
    Series,

    /// <summary>A <c># TYPE</c> line: <see cref="ExpositionParser.FamilyName"/> and <see cref="ExpositionParser.Type"/>.</summary>
    Type,

    /// <summary>A <c># HELP</c> line: <see cref="ExpositionParser.FamilyName"/> and <see cref="ExpositionParser.GetHelp"/>.</summary>
    Help,

    /// <summary>A <c># UNIT</c> line (OpenMetrics only): <see cref="ExpositionParser.FamilyName"/> and <see cref="ExpositionParser.Unit"/>.</summary>
    Unit,

    /// <summary>Any other comment line (Prometheus text only): <see cref="ExpositionParser.Comment"/>.</summary>
    Comment,

    /// <summary>The body ended correctly (for OpenMetrics: at <c># EOF</c>). Every later call returns this again.</summary>
    End,

    /// <summary>The body is malformed: see <see cref="ExpositionParser.Error"/>. Every later call returns this again.</summary>
    Error,
}
