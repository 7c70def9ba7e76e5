using System.Buffers;
using System.Collections;
using System.IO.Hashing;
using System.Text;

namespace Scraper.Protocol.Model;

/// <summary>
/// An immutable label set, sorted by name (ordinal), names unique. The unit of series identity everywhere:
/// the scrape cache, the WAL's series records, remote write. Missing labels read as the empty string, as in
/// Prometheus, and a label with an empty value is the same as no label.
/// </summary>
public sealed class Labels : IEquatable<Labels>, IReadOnlyList<Label>
{
    private const byte Separator = 0xff;

    private readonly Label[] _labels;
    private ulong _hash;
    private bool _hashed;

    /// <summary>The empty label set.</summary>
    public static Labels Empty { get; } = new([]);

    private Labels(Label[] sorted) => _labels = sorted;

    /// <summary>Number of labels.</summary>
    public int Count => _labels.Length;

    /// <summary>The label at <paramref name="index"/> in name order.</summary>
    public Label this[int index] => _labels[index];

    /// <summary>The labels as a span, in name order.</summary>
    public ReadOnlySpan<Label> AsSpan() => _labels;

    /// <summary>
    /// Builds a label set from pairs in any order. Empty values are dropped; a repeated name keeps the
    /// last value (use <see cref="TryFromUnsorted"/> to reject duplicates instead).
    /// </summary>
    public static Labels From(params ReadOnlySpan<Label> labels)
    {
        var b = new LabelsBuilder();
        foreach (var l in labels)
        {
            b.Set(l.Name, l.Value);
        }
        return b.ToLabels();
    }

    /// <summary>Builds a label set from alternating name, value strings: <c>FromStrings("a", "1", "b", "2")</c>.</summary>
    public static Labels FromStrings(params ReadOnlySpan<string> nameValues)
    {
        if (nameValues.Length % 2 != 0)
        {
            throw new ArgumentException("expected name/value pairs", nameof(nameValues));
        }
        var b = new LabelsBuilder();
        for (var i = 0; i < nameValues.Length; i += 2)
        {
            b.Set(nameValues[i], nameValues[i + 1]);
        }
        return b.ToLabels();
    }

    /// <summary>
    /// Takes ownership of <paramref name="labels"/>, sorts it in place and checks names are unique.
    /// Returns false and the first repeated name when a name appears twice. Empty values are kept out.
    /// </summary>
    public static bool TryFromUnsorted(Label[] labels, out Labels result, out string? duplicate)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var n = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i].Value.Length != 0)
            {
                labels[n++] = labels[i];
            }
        }
        var arr = n == labels.Length ? labels : labels.AsSpan(0, n).ToArray();
        Array.Sort(arr, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < arr.Length; i++)
        {
            if (string.Equals(arr[i - 1].Name, arr[i].Name, StringComparison.Ordinal))
            {
                result = Empty;
                duplicate = arr[i].Name;
                return false;
            }
        }
        result = arr.Length == 0 ? Empty : new Labels(arr);
        duplicate = null;
        return true;
    }

    /// <summary>
    /// Wraps an array the caller guarantees is sorted by name, with unique names and no empty values.
    /// The array must not be changed afterwards. For decoders that read already-sorted label sets.
    /// </summary>
    public static Labels FromSortedUnchecked(Label[] sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? Empty : new Labels(sorted);
    }

    /// <summary>The value of <paramref name="name"/>, or the empty string when absent.</summary>
    public string Get(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? string.Empty : _labels[i].Value;
    }

    /// <summary>True when the set has a label named <paramref name="name"/>.</summary>
    public bool Has(string name) => IndexOf(name) >= 0;

    /// <summary>The metric name (<c>__name__</c>), or the empty string.</summary>
    public string MetricName => Get(LabelNames.MetricName);

    private int IndexOf(string name)
    {
        int lo = 0, hi = _labels.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_labels[mid].Name, name);
            if (c == 0)
            {
                return mid;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /// <summary>
    /// The XXH64 hash (seed 0) of <c>name 0xff value 0xff ...</c> over the UTF-8 bytes, which is the value
    /// Prometheus's <c>labels.Hash()</c> returns for the same set. Stable across processes and machines.
    /// </summary>
    public ulong Hash()
    {
        if (_hashed)
        {
            return _hash;
        }
        var size = 0;
        foreach (var l in _labels)
        {
            size += Encoding.UTF8.GetMaxByteCount(l.Name.Length) + Encoding.UTF8.GetMaxByteCount(l.Value.Length) + 2;
        }
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            var pos = 0;
            foreach (var l in _labels)
            {
                pos += Encoding.UTF8.GetBytes(l.Name, rented.AsSpan(pos));
                rented[pos++] = Separator;
                pos += Encoding.UTF8.GetBytes(l.Value, rented.AsSpan(pos));
                rented[pos++] = Separator;
            }
            _hash = XxHash64.HashToUInt64(rented.AsSpan(0, pos));
            _hashed = true;
            return _hash;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A builder that starts from this set.</summary>
    public LabelsBuilder ToBuilder() => new(this);

    /// <summary>True when both sets hold the same pairs.</summary>
    public bool Equals(Labels? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other._labels.Length != _labels.Length)
        {
            return false;
        }
        if (_hashed && other._hashed && _hash != other._hash)
        {
            return false;
        }
        for (var i = 0; i < _labels.Length; i++)
        {
            if (!string.Equals(_labels[i].Name, other._labels[i].Name, StringComparison.Ordinal)
                || !string.Equals(_labels[i].Value, other._labels[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Labels other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)Hash();

    /// <summary>Prometheus's text form: <c>{__name__="up", job="x"}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append('{');
        for (var i = 0; i < _labels.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            sb.Append(_labels[i].Name).Append("=\"");
            foreach (var c in _labels[i].Value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    default: sb.Append(c); break;
                }
            }
            sb.Append('"');
        }
        sb.Append('}');
        return sb.ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<Label> GetEnumerator() => ((IEnumerable<Label>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _labels.GetEnumerator();

    /// <summary>Value equality.</summary>
    public static bool operator ==(Labels? left, Labels? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Labels? left, Labels? right) => !(left == right);
}
