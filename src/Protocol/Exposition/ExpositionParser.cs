using Scraper.Protocol.Model;

namespace Scraper.Protocol.Exposition;

/// <summary>
/// A forward-only, allocation-free parser of one scrape body in Prometheus text 0.0.4 or OpenMetrics 1.0 text,
/// modelled on Prometheus's <c>textparse.Parser</c> and following its acceptance rules (Prometheus 2.42, plus the
/// newer quoted UTF-8 metric and label names). Call <see cref="Next"/> until it returns
/// <see cref="ExpositionEntry.End"/> or <see cref="ExpositionEntry.Error"/>; after each call the properties of
/// that entry kind are valid until the next call.
/// </summary>
/// <remarks>
/// The hot path (<see cref="Next"/>, <see cref="Series"/>, <see cref="Value"/>, <see cref="TimestampMs"/>) never
/// allocates: the scrape loop looks the raw <see cref="Series"/> bytes up in its series cache (see
/// <see cref="SeriesKeyComparer"/>) and calls <see cref="TryGetLabels(out Labels)"/> only for series it has not seen.
/// Malformed input never throws: <see cref="Next"/> returns <see cref="ExpositionEntry.Error"/> with the line and
/// the reason in <see cref="Error"/>, and the parser stops there, since Prometheus fails the whole scrape.
/// </remarks>
public ref partial struct ExpositionParser
{
    private readonly ReadOnlySpan<byte> _b;
    private readonly ExpositionFormat _format;
    private int _pos;
    private int _entryStart;
    private ExpositionEntry _entry;
    private ExpositionError _error;

    // Series: byte offsets into _b. _nameStart..._nameEnd excludes the quotes of a quoted name.
    private int _seriesEnd;
    private int _nameStart;
    private int _nameEnd;
    private bool _nameQuoted;
    private int _labelsStart;
    private int _labelCount;
    private double _value;
    private long _timestamp;
    private bool _hasTimestamp;

    // Exemplar (OpenMetrics): the label set from '{' to just past '}', or -1.
    private int _exemplarStart;
    private int _exemplarEnd;
    private double _exemplarValue;
    private long _exemplarTimestamp;
    private bool _exemplarHasTimestamp;

    // Metadata and comments.
    private int _textStart;
    private int _textEnd;
    private MetricType _type;

    /// <summary>A parser over <paramref name="body"/>, the whole response body as received (UTF-8).</summary>
    public ExpositionParser(ReadOnlySpan<byte> body, ExpositionFormat format)
    {
        _b = body;
        _format = format;
        _exemplarStart = -1;
        _labelsStart = -1;
        _nameStart = -1;
    }

    /// <summary>A parser for a body served with <paramref name="contentType"/>, chosen as Prometheus chooses.</summary>
    public ExpositionParser(ReadOnlySpan<byte> body, string? contentType)
        : this(body, ExpositionContentType.FormatOf(contentType))
    {
    }

    /// <summary>The format this parser reads.</summary>
    public readonly ExpositionFormat Format => _format;

    /// <summary>The kind of the entry the last <see cref="Next"/> returned.</summary>
    public readonly ExpositionEntry Entry => _entry;

    /// <summary>Why parsing stopped, once <see cref="Next"/> returned <see cref="ExpositionEntry.Error"/>.</summary>
    public readonly ExpositionError Error => _error;

    /// <summary>
    /// The 1-based line where the current entry starts. Counts line breaks from the start of the body on each
    /// call, so use it for reporting, not per sample.
    /// </summary>
    public readonly int CurrentLine => LineAt(_entryStart);

    /// <summary>
    /// The series as written: the metric name and label set bytes of the current sample line, without the value.
    /// The key of the scrape loop's series cache; valid until the next <see cref="Next"/>.
    /// </summary>
    public readonly ReadOnlySpan<byte> Series => _b[_entryStart.._seriesEnd];

    /// <summary>
    /// The metric name of the current sample as written (without the quotes of a quoted name; escape sequences in
    /// a quoted name are not decoded here, <see cref="TryGetLabels(out Labels)"/> decodes them).
    /// </summary>
    public readonly ReadOnlySpan<byte> MetricName => _b[_nameStart.._nameEnd];

    /// <summary>The sample value. A NaN in the body reads as Prometheus's normal NaN (bits 0x7ff8000000000001).</summary>
    public readonly double Value => _value;

    /// <summary>
    /// The sample timestamp in milliseconds, if the line has one (integer milliseconds in Prometheus text, float
    /// seconds in OpenMetrics, truncated to milliseconds as Prometheus does).
    /// </summary>
    public readonly long? TimestampMs => _hasTimestamp ? _timestamp : null;

    /// <summary>True when the current sample carries an OpenMetrics exemplar.</summary>
    public readonly bool HasExemplar => _exemplarStart >= 0;

    /// <summary>The metric family name of a TYPE, HELP or UNIT line, as written (quotes of a quoted name removed).</summary>
    public readonly ReadOnlySpan<byte> FamilyName => _b[_nameStart.._nameEnd];

    /// <summary>The type of a TYPE line.</summary>
    public readonly MetricType Type => _type;

    /// <summary>The unit of an OpenMetrics UNIT line (possibly empty).</summary>
    public readonly ReadOnlySpan<byte> Unit => _b[_textStart.._textEnd];

    /// <summary>The whole line of a comment (Prometheus text), from its <c>#</c> to before the line break.</summary>
    public readonly ReadOnlySpan<byte> Comment => _b[_textStart.._textEnd];

    /// <summary>The raw (still escaped) text of a HELP line.</summary>
    public readonly ReadOnlySpan<byte> HelpRaw => _b[_textStart.._textEnd];

    /// <summary>
    /// Advances to the next entry: a sample, a metadata line or a comment. Blank lines (Prometheus text) are
    /// skipped. Returns <see cref="ExpositionEntry.End"/> at the end of a valid body and
    /// <see cref="ExpositionEntry.Error"/> at the first malformed line; both repeat on later calls.
    /// </summary>
    public ExpositionEntry Next()
    {
        if (_entry is ExpositionEntry.End or ExpositionEntry.Error)
        {
            return _entry;
        }
        _hasTimestamp = false;
        _exemplarStart = -1;
        _labelsStart = -1;
        _entry = _format == ExpositionFormat.OpenMetrics ? NextOpenMetrics() : NextText();
        return _entry;
    }

    /// <summary>The help text of a HELP line, unescaped as the format says (<c>\\</c>, <c>\n</c>; OpenMetrics also <c>\"</c>).</summary>
    public readonly string GetHelp() => ExpositionSyntax.Unescape(HelpRaw, _format == ExpositionFormat.OpenMetrics);

    /// <summary>The family name of a metadata line as a string, with the escapes of a quoted name decoded.</summary>
    public readonly string GetFamilyName() => ExpositionSyntax.Unescape(FamilyName, unescapeQuote: true);

    /// <summary>The metric name of the current sample as a string, with the escapes of a quoted name decoded.</summary>
    public readonly string GetMetricName() =>
        _nameQuoted ? ExpositionSyntax.Unescape(MetricName, unescapeQuote: true) : System.Text.Encoding.UTF8.GetString(MetricName);

    private readonly int LineAt(int pos) => _b[..Math.Min(pos, _b.Length)].Count((byte)'\n') + 1;

    /// <summary>Records an error at the line of <paramref name="pos"/> and stops the parser.</summary>
    private ExpositionEntry Fail(int pos, string message)
    {
        _error = new ExpositionError(LineAt(pos), message);
        _entry = ExpositionEntry.Error;
        _pos = _b.Length;
        return ExpositionEntry.Error;
    }

    private readonly string Describe(int pos) => ExpositionSyntax.Describe(_b, pos);

    private ExpositionEntry FailValue(int tokenStart, int tokenEnd, string what, FloatParseStatus status) =>
        Fail(tokenStart, $"invalid {what} {ExpositionSyntax.Quote(_b[tokenStart..tokenEnd])}: {ExpositionNumbers.Describe(status)}");
}
