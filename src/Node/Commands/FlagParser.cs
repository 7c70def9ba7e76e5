using System.Diagnostics.CodeAnalysis;

namespace Scraper.Node.Commands;

/// <summary>
/// A small parser for Prometheus-style flags: <c>--flag=value</c>, <c>--flag value</c>, boolean <c>--flag</c> and
/// <c>--no-flag</c>, and <c>--</c> to end the flags. Everything else is a positional argument.
/// </summary>
internal static class FlagParser
{
    /// <summary>
    /// A flag a command accepts; <paramref name="IsBoolean"/> flags take no value; a <paramref name="Repeatable"/>
    /// flag keeps every value given (<c>--enable-feature=a --enable-feature=b</c>), others keep the last.
    /// </summary>
    public sealed record Flag(string Name, bool IsBoolean, string Help, bool Repeatable = false, string? Default = null);

    /// <summary>The flags given (boolean flags map to "true"/"false") and the positional arguments, in order.</summary>
    public sealed record Parsed(
        IReadOnlyDictionary<string, string> Values,
        IReadOnlyList<string> Positionals,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Repeated)
    {
        public bool IsSet(string name) => Values.TryGetValue(name, out var v) && v == "true";

        /// <summary>Every value of a repeatable flag, in order; empty when not given.</summary>
        public IReadOnlyList<string> All(string name) => Repeated.TryGetValue(name, out var v) ? v : [];
    }

    public static bool TryParse(IReadOnlyList<string> args, IReadOnlyList<Flag> flags, [NotNullWhen(true)] out Parsed? parsed, [NotNullWhen(false)] out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var positionals = new List<string>();
        parsed = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                if (arg.StartsWith('-') && arg.Length > 1)
                {
                    error = $"unknown short flag '{arg}'";
                    return false;
                }
                positionals.Add(arg);
                continue;
            }
            var body = arg[2..];
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq >= 0 ? body[..eq] : body;
            var flag = flags.FirstOrDefault(f => f.Name == name);
            if (flag is null && eq < 0 && name.StartsWith("no-", StringComparison.Ordinal)
                && flags.FirstOrDefault(f => f.Name == name[3..] && f.IsBoolean) is { } negated)
            {
                values[negated.Name] = "false";
                continue;
            }
            if (flag is null)
            {
                error = $"unknown long flag '--{name}'";
                return false;
            }
            if (flag.IsBoolean)
            {
                var text = eq >= 0 ? body[(eq + 1)..] : "true";
                if (text is not ("true" or "false"))
                {
                    error = $"flag '--{name}' takes true or false, not \"{text}\"";
                    return false;
                }
                values[name] = text;
                continue;
            }
            string value;
            if (eq >= 0)
            {
                value = body[(eq + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                error = $"expected argument for flag '--{name}'";
                return false;
            }
            values[name] = value;
            if (flag.Repeatable)
            {
                repeated[name] = [.. repeated.TryGetValue(name, out var earlier) ? earlier : [], value];
            }
        }
        parsed = new Parsed(values, positionals, repeated);
        error = null;
        return true;
    }
}
