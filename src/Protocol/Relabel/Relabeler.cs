using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Scraper.Protocol.Model;

namespace Scraper.Protocol.Relabel;

/// <summary>
/// Applies relabel rules to a label set with the semantics of Prometheus 2.42 (model/relabel). Pure and
/// thread-safe. It runs once per target and once per new series, so a rule that changes nothing
/// allocates nothing: values are joined, hashed, cased and expanded in stack or pooled buffers, and a
/// label is only written (and its string only created) when its value really changes.
/// </summary>
public static class Relabeler
{
    private const int StackChars = 256;

    [ThreadStatic]
    private static LabelsBuilder? _threadBuilder;

    /// <summary>
    /// Applies <paramref name="configs"/> in order to <paramref name="labels"/>. Returns false when a rule
    /// drops the set (keep, drop, keepequal, dropequal); the builder is then left as it was at that rule.
    /// Configs must have passed <see cref="RelabelConfig.Validate"/>.
    /// </summary>
    public static bool Process(LabelsBuilder labels, ReadOnlySpan<RelabelConfig> configs) =>
        Process(labels, configs, out _);

    /// <summary>
    /// Applies <paramref name="configs"/> to <paramref name="labels"/>: null when the set is dropped, the same
    /// instance when no rule changed anything, else the relabeled set.
    /// </summary>
    public static Labels? Process(Labels labels, ImmutableArray<RelabelConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (configs.IsDefaultOrEmpty)
        {
            return labels;
        }
        var builder = _threadBuilder ??= new LabelsBuilder();
        builder.Reset(labels);
        try
        {
            if (!Process(builder, configs.AsSpan(), out var changed))
            {
                return null;
            }
            return changed ? builder.ToLabels() : labels;
        }
        finally
        {
            builder.Clear();
        }
    }

    /// <summary>As <see cref="Process(LabelsBuilder, ReadOnlySpan{RelabelConfig})"/>, also telling whether any label changed.</summary>
    internal static bool Process(LabelsBuilder labels, ReadOnlySpan<RelabelConfig> configs, out bool changed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        changed = false;
        foreach (var cfg in configs)
        {
            if (!Apply(cfg, labels, ref changed))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Apply(RelabelConfig cfg, LabelsBuilder lb, ref bool changed)
    {
        switch (cfg.Action)
        {
            case RelabelAction.Drop:
            case RelabelAction.Keep:
            case RelabelAction.DropEqual:
            case RelabelAction.KeepEqual:
                return Filter(cfg, lb);
            case RelabelAction.Replace:
                Replace(cfg, lb, ref changed);
                return true;
            case RelabelAction.Lowercase:
            case RelabelAction.Uppercase:
            case RelabelAction.HashMod:
                Derive(cfg, lb, ref changed);
                return true;
            case RelabelAction.LabelMap:
                LabelMap(cfg, lb, ref changed);
                return true;
            case RelabelAction.LabelDrop:
            case RelabelAction.LabelKeep:
                LabelDropKeep(cfg, lb, ref changed);
                return true;
            default:
                throw new ArgumentException($"unknown relabel action {cfg.Action}", nameof(cfg));
        }
    }

    private static bool Filter(RelabelConfig cfg, LabelsBuilder lb)
    {
        var buffer = new CharBuffer(stackalloc char[StackChars]);
        try
        {
            var value = Join(cfg, lb, ref buffer);
            return cfg.Action switch
            {
                RelabelAction.Drop => !IsMatch(cfg.Regex, value),
                RelabelAction.Keep => IsMatch(cfg.Regex, value),
                RelabelAction.DropEqual => !value.SequenceEqual(lb.Get(cfg.TargetLabel)),
                _ => value.SequenceEqual(lb.Get(cfg.TargetLabel)),
            };
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static void Replace(RelabelConfig cfg, LabelsBuilder lb, ref bool changed)
    {
        var value = JoinToString(cfg, lb);
        var match = Match(cfg.Regex, value);
        if (!match.Success)
        {
            return;
        }
        var target = new CharBuffer(stackalloc char[64]);
        var result = new CharBuffer(stackalloc char[StackChars]);
        try
        {
            scoped ReadOnlySpan<char> targetName = cfg.TargetLabel;
            if (cfg.TargetLabel.Contains('$', StringComparison.Ordinal))
            {
                RegexExpand.Expand(ref target, cfg.TargetLabel, cfg.Regex, match);
                targetName = target.Written;
            }
            // Prometheus 2.42 deletes the *unexpanded* target_label when the expanded name is invalid or the
            // result is empty. For a templated target_label no such label can exist, so the rule does nothing.
            if (!LabelNames.IsValidLegacyName(targetName))
            {
                Delete(lb, cfg.TargetLabel, ref changed);
                return;
            }
            RegexExpand.Expand(ref result, cfg.Replacement, cfg.Regex, match);
            if (result.Length == 0)
            {
                Delete(lb, cfg.TargetLabel, ref changed);
                return;
            }
            Write(lb, targetName, result.Written, ref changed);
        }
        finally
        {
            result.Dispose();
            target.Dispose();
        }
    }

    private static void Derive(RelabelConfig cfg, LabelsBuilder lb, ref bool changed)
    {
        var joined = new CharBuffer(stackalloc char[StackChars]);
        var result = new CharBuffer(stackalloc char[StackChars]);
        try
        {
            var value = Join(cfg, lb, ref joined);
            switch (cfg.Action)
            {
                case RelabelAction.Lowercase:
                    GoCase.ToLower(value, ref result);
                    break;
                case RelabelAction.Uppercase:
                    GoCase.ToUpper(value, ref result);
                    break;
                default:
                    if (cfg.Modulus == 0)
                    {
                        throw new ArgumentException("relabel configuration for hashmod requires non-zero modulus", nameof(cfg));
                    }
                    Span<char> digits = stackalloc char[20];
                    (HashSum64(value) % cfg.Modulus).TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
                    result.Append(digits[..n]);
                    break;
            }
            // Lowercase, uppercase and hashmod write target_label as written, never expanded (as in Prometheus).
            if (result.Length == 0)
            {
                Delete(lb, cfg.TargetLabel, ref changed);
            }
            else
            {
                Write(lb, cfg.TargetLabel, result.Written, ref changed);
            }
        }
        finally
        {
            result.Dispose();
            joined.Dispose();
        }
    }

    /// <summary>
    /// Prometheus's hashmod hash: <c>sum64(md5(value))</c>, the MD5 digest's bytes summed as
    /// <c>s |= b[i] &lt;&lt; ((15 - i) * 8)</c>. In Go a shift of 64 or more yields 0, so bytes 0..7 vanish
    /// and the result is the last 8 digest bytes read big-endian. (C# masks the shift count to 6 bits, so a
    /// literal port would fold bytes 0..7 back in.)
    /// </summary>
    internal static ulong HashSum64(ReadOnlySpan<char> value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        byte[]? rented = null;
        var bytes = byteCount <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, bytes);
            Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // MD5 is Prometheus's sharding hash here, not a security measure.
            MD5.HashData(bytes[..written], digest);
#pragma warning restore CA5351
            return BinaryPrimitives.ReadUInt64BigEndian(digest[8..]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void LabelMap(RelabelConfig cfg, LabelsBuilder lb, ref bool changed)
    {
        // Prometheus 2.42 walks the labels as they were before this rule: names written by this rule are
        // not mapped again, and a later overwrite does not change what an earlier label reads as.
        var count = lb.Count;
        var snapshot = ArrayPool<Label>.Shared.Rent(count);
        var name = new CharBuffer(stackalloc char[64]);
        try
        {
            var current = lb.Current;
            for (var i = 0; i < count; i++)
            {
                snapshot[i] = current[i];
            }
            for (var i = 0; i < count; i++)
            {
                var l = snapshot[i];
                var match = Match(cfg.Regex, l.Name);
                if (!match.Success)
                {
                    continue;
                }
                name.Clear();
                RegexExpand.Expand(ref name, cfg.Replacement, cfg.Regex, match);
                // No name check here, as in Prometheus: the target builder and the scrape loop reject invalid names.
                Write(lb, name.Written, l.Value, ref changed);
            }
        }
        finally
        {
            name.Dispose();
            ArrayPool<Label>.Shared.Return(snapshot, clearArray: true);
        }
    }

    private static void LabelDropKeep(RelabelConfig cfg, LabelsBuilder lb, ref bool changed)
    {
        var drop = cfg.Action == RelabelAction.LabelDrop;
        var current = lb.Current;
        for (var i = current.Count - 1; i >= 0; i--)
        {
            var name = current[i].Name;
            if (IsMatch(cfg.Regex, name) == drop)
            {
                lb.Del(name);
                changed = true;
            }
        }
    }

    private static bool IsMatch(Regex regex, ReadOnlySpan<char> input) =>
        regex is Re2Regex re2 ? re2.IsMatchBounded(input) : regex.IsMatch(input);

    private static Match Match(Regex regex, string input) =>
        regex is Re2Regex re2 ? re2.MatchBounded(input) : regex.Match(input);

    /// <summary>The source values joined by the separator; a single source needs no copy.</summary>
    private static ReadOnlySpan<char> Join(RelabelConfig cfg, LabelsBuilder lb, ref CharBuffer buffer)
    {
        var sources = cfg.SourceLabels;
        if (sources.IsDefaultOrEmpty)
        {
            return [];
        }
        if (sources.Length == 1)
        {
            return lb.Get(sources[0]);
        }
        for (var i = 0; i < sources.Length; i++)
        {
            if (i > 0)
            {
                buffer.Append(cfg.Separator);
            }
            buffer.Append(lb.Get(sources[i]));
        }
        return buffer.Written;
    }

    private static string JoinToString(RelabelConfig cfg, LabelsBuilder lb)
    {
        var sources = cfg.SourceLabels;
        if (sources.IsDefaultOrEmpty)
        {
            return string.Empty;
        }
        if (sources.Length == 1)
        {
            return lb.Get(sources[0]);
        }
        var buffer = new CharBuffer(stackalloc char[StackChars]);
        try
        {
            return new string(Join(cfg, lb, ref buffer));
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> unless it already holds it, reusing existing strings.</summary>
    private static void Write(LabelsBuilder lb, ReadOnlySpan<char> name, ReadOnlySpan<char> value, ref bool changed)
    {
        var current = lb.Current;
        for (var i = 0; i < current.Count; i++)
        {
            var l = current[i];
            if (name.SequenceEqual(l.Name))
            {
                if (!value.SequenceEqual(l.Value))
                {
                    lb.Set(l.Name, new string(value));
                    changed = true;
                }
                return;
            }
        }
        lb.Set(new string(name), new string(value));
        changed = true;
    }

    private static void Write(LabelsBuilder lb, ReadOnlySpan<char> name, string value, ref bool changed)
    {
        var current = lb.Current;
        for (var i = 0; i < current.Count; i++)
        {
            var l = current[i];
            if (name.SequenceEqual(l.Name))
            {
                if (!string.Equals(value, l.Value, StringComparison.Ordinal))
                {
                    lb.Set(l.Name, value);
                    changed = true;
                }
                return;
            }
        }
        lb.Set(new string(name), value);
        changed = true;
    }

    private static void Delete(LabelsBuilder lb, string name, ref bool changed)
    {
        if (lb.Has(name))
        {
            lb.Del(name);
            changed = true;
        }
    }
}
