using System.Collections.Immutable;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Scrape;

/// <summary>
/// How a scraped series gets its final labels (Prometheus 2.42 <c>mutateSampleLabels</c> and
/// <c>mutateReportSampleLabels</c>): the target's labels are attached, clashes resolved by <c>honor_labels</c>, then
/// <c>metric_relabel_configs</c> run. Runs only for series not yet in the scrape cache.
/// </summary>
public static class SampleLabelMutator
{
    /// <summary>The prefix a clashing exposed label gets when <c>honor_labels</c> is off.</summary>
    public const string ExportedPrefix = "exported_";

    /// <summary>
    /// The final labels of an exposed series, or null when <paramref name="metricRelabelConfigs"/> drop it.
    /// With <paramref name="honorLabels"/>, exposed labels win over target labels; without, target labels win and
    /// each clashing exposed label is kept as <c>exported_&lt;name&gt;</c> (more prefixes while that name is taken,
    /// shorter names renamed first).
    /// </summary>
    public static Labels? Mutate(Labels exposed, Labels targetLabels, bool honorLabels, ImmutableArray<RelabelConfig> metricRelabelConfigs)
    {
        ArgumentNullException.ThrowIfNull(exposed);
        ArgumentNullException.ThrowIfNull(targetLabels);
        var lb = exposed.ToBuilder();
        if (honorLabels)
        {
            foreach (var l in targetLabels.AsSpan())
            {
                if (!exposed.Has(l.Name))
                {
                    lb.Set(l.Name, l.Value);
                }
            }
        }
        else
        {
            List<Label>? conflicts = null;
            foreach (var l in targetLabels.AsSpan())
            {
                var existing = exposed.Get(l.Name);
                if (existing.Length != 0)
                {
                    (conflicts ??= []).Add(new Label(l.Name, existing));
                }
                lb.Set(l.Name, l.Value);
            }
            if (conflicts is not null)
            {
                ResolveConflicts(lb, exposed, targetLabels, conflicts);
            }
        }
        if (!metricRelabelConfigs.IsDefaultOrEmpty && !Relabeler.Process(lb, metricRelabelConfigs.AsSpan()))
        {
            return null;
        }
        var result = lb.ToLabels();
        return result.Count == 0 ? null : result;
    }

    /// <summary>
    /// The labels of a report series (<c>up</c>, <c>scrape_duration_seconds</c>, ...): the target's labels win, and the
    /// series' own label of the same name moves to <c>exported_&lt;name&gt;</c>. Metric relabeling does not apply.
    /// </summary>
    public static Labels ReportLabels(string metricName, Labels targetLabels)
    {
        ArgumentNullException.ThrowIfNull(targetLabels);
        var series = Labels.FromStrings(LabelNames.MetricName, metricName);
        var lb = series.ToBuilder();
        foreach (var l in targetLabels.AsSpan())
        {
            lb.Set(ExportedPrefix + l.Name, series.Get(l.Name));
            lb.Set(l.Name, l.Value);
        }
        return lb.ToLabels();
    }

    private static void ResolveConflicts(LabelsBuilder lb, Labels exposed, Labels targetLabels, List<Label> conflicts)
    {
        // Stable sort by name length, as Go's sort.SliceStable does here.
        var ordered = conflicts.Select((l, i) => (l, i)).OrderBy(x => x.l.Name.Length).ThenBy(x => x.i).Select(x => x.l).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var name = ordered[i].Name;
            while (true)
            {
                name = ExportedPrefix + name;
                if (!exposed.Has(name) && !targetLabels.Has(name) && !TakenBefore(ordered, i, name))
                {
                    ordered[i] = ordered[i] with { Name = name };
                    break;
                }
            }
        }
        foreach (var l in ordered)
        {
            lb.Set(l.Name, l.Value);
        }
    }

    private static bool TakenBefore(List<Label> renamed, int count, string name)
    {
        for (var j = 0; j < count; j++)
        {
            if (string.Equals(renamed[j].Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
