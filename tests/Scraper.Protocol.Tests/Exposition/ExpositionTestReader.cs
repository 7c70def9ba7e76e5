using System.Text;
using Scraper.Protocol.Exposition;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.Tests.Exposition;

/// <summary>One entry of a parsed body, copied out of the ref-struct parser so tests can assert on lists.</summary>
internal sealed record ParsedEntry(
    ExpositionEntry Kind,
    string Series = "",
    Labels? Labels = null,
    double Value = 0,
    long? TimestampMs = null,
    ExpositionExemplar? Exemplar = null,
    string Family = "",
    MetricType Type = MetricType.Unknown,
    string Help = "",
    string Unit = "",
    string Comment = "");

internal sealed record ParseResult(IReadOnlyList<ParsedEntry> Entries, ExpositionError? Error)
{
    public IReadOnlyList<ParsedEntry> Samples => Entries.Where(e => e.Kind == ExpositionEntry.Series).ToList();

    public ParsedEntry Single()
    {
        Assert.Null(Error);
        return Assert.Single(Samples);
    }
}

/// <summary>Drives <see cref="ExpositionParser"/> over a whole body, materialising labels and exemplars of every sample.</summary>
internal static class ExpositionTestReader
{
    public static ParseResult Read(string body, ExpositionFormat format) => Read(Encoding.UTF8.GetBytes(body), format);

    public static ParseResult Read(byte[] body, ExpositionFormat format)
    {
        var entries = new List<ParsedEntry>();
        var p = new ExpositionParser(body, format);
        while (true)
        {
            var kind = p.Next();
            switch (kind)
            {
                case ExpositionEntry.End:
                    return new ParseResult(entries, null);
                case ExpositionEntry.Error:
                    return new ParseResult(entries, p.Error);
                case ExpositionEntry.Series:
                    if (!p.TryGetLabels(out var labels))
                    {
                        return new ParseResult(entries, p.Error);
                    }
                    ExpositionExemplar? exemplar = null;
                    if (p.HasExemplar)
                    {
                        if (!p.TryGetExemplar(out var e))
                        {
                            return new ParseResult(entries, p.Error);
                        }
                        exemplar = e;
                    }
                    entries.Add(new ParsedEntry(kind, Series: Encoding.UTF8.GetString(p.Series), Labels: labels,
                        Value: p.Value, TimestampMs: p.TimestampMs, Exemplar: exemplar));
                    break;
                case ExpositionEntry.Type:
                    entries.Add(new ParsedEntry(kind, Family: p.GetFamilyName(), Type: p.Type));
                    break;
                case ExpositionEntry.Help:
                    entries.Add(new ParsedEntry(kind, Family: p.GetFamilyName(), Help: p.GetHelp()));
                    break;
                case ExpositionEntry.Unit:
                    entries.Add(new ParsedEntry(kind, Family: p.GetFamilyName(), Unit: Encoding.UTF8.GetString(p.Unit)));
                    break;
                case ExpositionEntry.Comment:
                    entries.Add(new ParsedEntry(kind, Comment: Encoding.UTF8.GetString(p.Comment)));
                    break;
                default:
                    throw new InvalidOperationException($"Next returned {kind}");
            }
        }
    }

    public static ExpositionError ReadError(string body, ExpositionFormat format)
    {
        var result = Read(body, format);
        Assert.True(result.Error.HasValue, $"expected an error for {body}");
        return result.Error.Value;
    }
}
