using System.Text;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Scrape;

/// <summary>
/// A scrape config's <c>label_limit</c>, <c>label_name_length_limit</c> and <c>label_value_length_limit</c> (0 = no
/// limit). A series breaking one fails the whole scrape, with Prometheus's message (<c>verifyLabelLimits</c>).
/// </summary>
public readonly record struct LabelLimits(long LabelLimit, long NameLengthLimit, long ValueLengthLimit)
{
    /// <summary>True when no limit is set.</summary>
    public bool IsEmpty => LabelLimit <= 0 && NameLengthLimit <= 0 && ValueLengthLimit <= 0;

    /// <summary>
    /// The first limit <paramref name="labels"/> (the final series labels, <c>__name__</c> included) exceeds, in
    /// Prometheus's words, or null. Name lengths count bytes, value lengths runes, as Prometheus 2.42 counts them.
    /// </summary>
    public string? Check(Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (IsEmpty)
        {
            return null;
        }
        var metric = labels.MetricName;
        if (LabelLimit > 0 && labels.Count > LabelLimit)
        {
            return $"label_limit exceeded (metric: {Truncate(metric)}, number of labels: {labels.Count}, limit: {LabelLimit})";
        }
        foreach (var l in labels.AsSpan())
        {
            if (NameLengthLimit > 0)
            {
                var nameLength = Encoding.UTF8.GetByteCount(l.Name);
                if (nameLength > NameLengthLimit)
                {
                    return $"label_name_length_limit exceeded (metric: {Truncate(metric)}, label name: {Truncate(l.Name)}, length: {nameLength}, limit: {NameLengthLimit})";
                }
            }
            if (ValueLengthLimit > 0)
            {
                var valueLength = RuneCount(l.Value);
                if (valueLength > ValueLengthLimit)
                {
                    return $"label_value_length_limit exceeded (metric: {Truncate(metric)}, label name: {Truncate(l.Name)}, value: \"{Truncate(l.Value)}\", length: {valueLength}, limit: {ValueLengthLimit})";
                }
            }
        }
        return null;
    }

    private static int RuneCount(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }
        return n;
    }

    /// <summary>Go's <c>%.50s</c>: at most 50 runes.</summary>
    private static string Truncate(string s)
    {
        if (s.Length <= 50)
        {
            return s;
        }
        var sb = new StringBuilder(64);
        var n = 0;
        foreach (var r in s.EnumerateRunes())
        {
            if (n++ == 50)
            {
                break;
            }
            sb.Append(r.ToString());
        }
        return sb.ToString();
    }
}
