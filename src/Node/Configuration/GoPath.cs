using System.Text;

namespace Scraper.Node.Configuration;

/// <summary>
/// Go's <c>path.Clean</c>: the lexical clean-up <c>filepath.Join</c> applies, so that a path joined with the
/// configuration directory prints as Prometheus prints it (<c>./pw.txt</c> joined with <c>.</c> is <c>pw.txt</c>).
/// </summary>
internal static class GoPath
{
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }
                continue;
            }
            parts.Add(part);
        }
        var sb = new StringBuilder(path.Length);
        if (rooted)
        {
            sb.Append('/');
        }
        sb.AppendJoin('/', parts);
        return sb.Length == 0 ? "." : sb.ToString();
    }
}
