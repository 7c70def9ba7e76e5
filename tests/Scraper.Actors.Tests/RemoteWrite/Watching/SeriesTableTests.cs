using Scraper.Actors.RemoteWrite.Watching;
using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;

namespace Scraper.Actors.Tests.RemoteWrite.Watching;

public sealed class SeriesTableTests
{
    internal static RelabelConfig DropName(string name) => new()
    {
        SourceLabels = ["__name__"],
        RegexPattern = name,
        Regex = RelabelConfig.CompileAnchored(name),
        Action = RelabelAction.Drop,
    };

    [Fact]
    public void Set_adds_external_labels_and_the_series_own_label_wins()
    {
        var table = new SeriesTable(Labels.FromStrings("cluster", "c1", "job", "external"), []);
        table.Set(1, Labels.FromStrings("__name__", "up", "job", "j"), 0);
        Assert.True(table.TryGet(1, out var e));
        Assert.Equal(Labels.FromStrings("__name__", "up", "cluster", "c1", "job", "j"), e.Labels);
        Assert.Equal(e.Labels!.Hash(), e.Hash);
    }

    [Fact]
    public void Set_applies_write_relabeling_after_external_labels()
    {
        var keepCluster = new RelabelConfig
        {
            SourceLabels = ["cluster"],
            RegexPattern = "c2",
            Regex = RelabelConfig.CompileAnchored("c2"),
            Action = RelabelAction.Keep,
        };
        var table = new SeriesTable(Labels.FromStrings("cluster", "c1"), [keepCluster]);
        table.Set(1, Labels.FromStrings("__name__", "a"), 0);
        table.Set(2, Labels.FromStrings("__name__", "b", "cluster", "c2"), 0);
        Assert.True(table.TryGet(1, out var dropped));
        Assert.Null(dropped.Labels);
        Assert.True(table.TryGet(2, out var kept));
        Assert.Equal(Labels.FromStrings("__name__", "b", "cluster", "c2"), kept.Labels);
    }

    [Fact]
    public void ResetBefore_forgets_series_not_mentioned_since()
    {
        var table = new SeriesTable(Labels.Empty, [DropName("never")]);
        table.Set(1, Labels.FromStrings("__name__", "a"), 1);
        table.Set(2, Labels.FromStrings("__name__", "b"), 1);
        table.Set(2, Labels.FromStrings("__name__", "b"), 5);
        Assert.Equal(1, table.ResetBefore(3));
        Assert.False(table.TryGet(1, out _));
        Assert.True(table.TryGet(2, out _));
    }
}
