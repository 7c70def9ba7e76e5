using System.Collections.Immutable;
using Scraper.Actors.Discovery;
using Scraper.Actors.Tests.Support;

namespace Scraper.Actors.Tests.Discovery;

public sealed class FileSdScannerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Scan_reads_every_matching_file_by_its_extension()
    {
        File.WriteAllText(_dir.Combine("a.json"), """[{"targets": ["a:1"]}]""");
        File.WriteAllText(_dir.Combine("b.yml"), "- targets: ['b:2']\n");
        File.WriteAllText(_dir.Combine("c.txt"), "ignored");
        var scan = FileSdScanner.Scan([_dir.Combine("*.json"), _dir.Combine("*.yml")]);
        Assert.Equal([_dir.Combine("a.json"), _dir.Combine("b.yml")], scan.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("a:1", scan[_dir.Combine("a.json")].Groups.Single().Targets.Single().Get("__address__"));
        Assert.Equal(_dir.Combine("b.yml"), scan[_dir.Combine("b.yml")].Groups.Single().Labels.Get("__meta_filepath"));
    }

    [Fact]
    public void Scan_of_a_missing_directory_finds_nothing() =>
        Assert.Empty(FileSdScanner.Scan([_dir.Combine("missing/*.json")]));

    [Fact]
    public void Read_of_a_broken_file_says_why()
    {
        File.WriteAllText(_dir.Combine("a.json"), "[{broken");
        var read = FileSdScanner.Read(_dir.Combine("a.json"));
        Assert.StartsWith("line 1: invalid JSON", read.Error);
    }

    [Fact]
    public void Merge_keeps_the_last_good_groups_of_a_broken_file_and_drops_a_vanished_one()
    {
        var good = ImmutableArray.Create(new TargetGroup("a:0", [], Protocol.Model.Labels.Empty));
        var last = ImmutableDictionary<string, ImmutableArray<TargetGroup>>.Empty.Add("/a.json", good).Add("/gone.json", good);
        var scan = ImmutableDictionary<string, FileSdRead>.Empty
            .Add("/a.json", new FileSdRead([], "line 1: invalid JSON"))
            .Add("/new.json", new FileSdRead(good, null))
            .Add("/never-good.json", new FileSdRead([], "bad"));
        var merged = FileSdScanner.Merge(last, scan);
        Assert.Equal(["/a.json", "/new.json"], merged.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(good, merged["/a.json"]);
    }
}
