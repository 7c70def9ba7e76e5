namespace Scraper.Protocol.Model;

/// <summary>
/// A mutable label set for relabeling and target building. Setting a label to the empty string deletes it,
/// as in Prometheus. Not thread-safe; build, then call <see cref="ToLabels"/>.
/// </summary>
public sealed class LabelsBuilder
{
    private readonly List<Label> _labels;

    /// <summary>An empty builder.</summary>
    public LabelsBuilder() => _labels = new List<Label>(8);

    /// <summary>A builder holding the pairs of <paramref name="from"/>.</summary>
    public LabelsBuilder(Labels from)
    {
        ArgumentNullException.ThrowIfNull(from);
        _labels = new List<Label>(from.Count + 4);
        foreach (var l in from.AsSpan())
        {
            _labels.Add(l);
        }
    }

    /// <summary>Number of labels currently held.</summary>
    public int Count => _labels.Count;

    /// <summary>The labels currently held, in no particular order.</summary>
    public IReadOnlyList<Label> Current => _labels;

    /// <summary>Replaces the contents with <paramref name="from"/>.</summary>
    public LabelsBuilder Reset(Labels from)
    {
        ArgumentNullException.ThrowIfNull(from);
        _labels.Clear();
        foreach (var l in from.AsSpan())
        {
            _labels.Add(l);
        }
        return this;
    }

    /// <summary>Removes every label.</summary>
    public LabelsBuilder Clear()
    {
        _labels.Clear();
        return this;
    }

    /// <summary>The value of <paramref name="name"/>, or the empty string.</summary>
    public string Get(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? string.Empty : _labels[i].Value;
    }

    /// <summary>True when <paramref name="name"/> is present.</summary>
    public bool Has(string name) => IndexOf(name) >= 0;

    /// <summary>Sets <paramref name="name"/>; an empty <paramref name="value"/> deletes it.</summary>
    public LabelsBuilder Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var i = IndexOf(name);
        if (value.Length == 0)
        {
            if (i >= 0)
            {
                _labels.RemoveAt(i);
            }
            return this;
        }
        if (i >= 0)
        {
            _labels[i] = new Label(name, value);
        }
        else
        {
            _labels.Add(new Label(name, value));
        }
        return this;
    }

    /// <summary>Deletes <paramref name="name"/> if present.</summary>
    public LabelsBuilder Del(string name)
    {
        var i = IndexOf(name);
        if (i >= 0)
        {
            _labels.RemoveAt(i);
        }
        return this;
    }

    /// <summary>Deletes every label for which <paramref name="predicate"/> is true.</summary>
    public LabelsBuilder RemoveWhere(Predicate<Label> predicate)
    {
        _labels.RemoveAll(predicate);
        return this;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _labels.Count; i++)
        {
            if (string.Equals(_labels[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The sorted, immutable label set.</summary>
    public Labels ToLabels()
    {
        if (_labels.Count == 0)
        {
            return Labels.Empty;
        }
        var arr = _labels.ToArray();
        Array.Sort(arr, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Labels.FromSortedUnchecked(arr);
    }
}
