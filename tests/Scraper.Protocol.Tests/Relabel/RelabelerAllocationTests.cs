using Scraper.Protocol.Model;
using Scraper.Protocol.Relabel;
using static Scraper.Protocol.Tests.Relabel.Rule;

namespace Scraper.Protocol.Tests.Relabel;

/// <summary>Rules that change nothing must not allocate: they run once per new series.</summary>
public class RelabelerAllocationTests
{
    public static TheoryData<string> Unchanging => new()
    {
        "keep", "drop-nomatch", "keepequal", "labeldrop-nomatch", "labelkeep-all", "hashmod-same", "lowercase-same", "multi-source-keep",
    };

    [Theory]
    [MemberData(nameof(Unchanging))]
    public void Process_ruleThatChangesNothing_allocatesNothing(string name)
    {
        var labels = L("__name__", "http_requests_total", "job", "api", "instance", "10.0.0.1:9100", "shard", "2", "low", "api");
        RelabelConfig rule = name switch
        {
            "keep" => Of(action: RelabelAction.Keep, source: ["job"], regex: "api|web"),
            "drop-nomatch" => Of(action: RelabelAction.Drop, source: ["__name__"], regex: "go_.*"),
            "keepequal" => Of(action: RelabelAction.KeepEqual, source: ["job"], target: "low"),
            "labeldrop-nomatch" => Of(action: RelabelAction.LabelDrop, regex: "__meta_.*"),
            "labelkeep-all" => Of(action: RelabelAction.LabelKeep, regex: ".+"),
            // "10.0.0.1:9100" hashes to 2 mod 3 (Prometheus 2.42 says so too): "shard" already holds it.
            "hashmod-same" => Of(action: RelabelAction.HashMod, source: ["instance"], target: "shard", modulus: 3),
            "lowercase-same" => Of(action: RelabelAction.Lowercase, source: ["job"], target: "low"),
            _ => Of(action: RelabelAction.Keep, source: ["job", "instance", "__name__"], separator: "/", regex: "api/.*"),
        };
        var builder = new LabelsBuilder(labels);
        RelabelConfig[] rules = [rule];
        for (var i = 0; i < 3; i++)
        {
            Assert.True(Relabeler.Process(builder, rules)); // warm the regex engine's lazily built states
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var kept = Relabeler.Process(builder, rules);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(kept);
        Assert.Equal(labels, builder.ToLabels());
        Assert.Equal(0, allocated);
    }
}
