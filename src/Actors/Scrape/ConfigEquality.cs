using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Scraper.Actors.Scrape;

/// <summary>
/// Structural equality of configuration records, as Prometheus compares scrape configs on reload
/// (<c>reflect.DeepEqual</c>): records are compared property by property, collections element by element
/// (records compare <c>ImmutableArray</c> members by reference, which would make every reload look like a change),
/// regexes by pattern and options. Used on reload only, so reflection's cost does not matter.
/// </summary>
public static class ConfigEquality
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> hold the same configuration.</summary>
    public static bool DeepEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null || a.GetType() != b.GetType())
        {
            return false;
        }
        var type = a.GetType();
        if (type.IsPrimitive || type.IsEnum || a is string or decimal or TimeSpan or DateTime or DateTimeOffset)
        {
            return a.Equals(b);
        }
        if (a is Regex ra)
        {
            var rb = (Regex)b;
            return ra.ToString() == rb.ToString() && ra.Options == rb.Options;
        }
        if (a is IEquatable<Protocol.Model.Labels> || a is Configuration.Secret)
        {
            return a.Equals(b);
        }
        if (a is IDictionary da)
        {
            var db = (IDictionary)b;
            if (da.Count != db.Count)
            {
                return false;
            }
            foreach (DictionaryEntry e in da)
            {
                if (!db.Contains(e.Key) || !DeepEquals(e.Value, db[e.Key]))
                {
                    return false;
                }
            }
            return true;
        }
        if (a is IEnumerable ea)
        {
            var eb = ((IEnumerable)b).GetEnumerator();
            foreach (var x in ea)
            {
                if (!eb.MoveNext() || !DeepEquals(x, eb.Current))
                {
                    return false;
                }
            }
            return !eb.MoveNext();
        }
        if (type.IsValueType && type.GetProperties().Length == 0)
        {
            return a.Equals(b);
        }
        foreach (var p in Properties.GetOrAdd(type, static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray()))
        {
            if (!DeepEquals(p.GetValue(a), p.GetValue(b)))
            {
                return false;
            }
        }
        return true;
    }
}
