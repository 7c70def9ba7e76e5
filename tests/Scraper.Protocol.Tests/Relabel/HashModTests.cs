using Scraper.Protocol.Relabel;
using static Scraper.Protocol.Tests.Relabel.Rule;

namespace Scraper.Protocol.Tests.Relabel;

public class HashModTests
{
    // Prometheus: mod := sum64(md5.Sum([]byte(val))) % modulus, where sum64 ORs byte i shifted left by
    // (15 - i) * 8. Go shifts of 64 or more give 0, so only digest bytes 8..15 survive, read big-endian.
    // Values worked out by hand from the digests (md5 digests as printed by `md5sum`):
    //
    //   md5("node-1")         = d50164b9587cab73 e417e5ce616bea4e -> last byte 0x4e = 78; 2^64 is a multiple
    //                           of 4, so the value mod 4 = 78 mod 4 = 2.
    //   md5("a.example:9100") = 7e5e930c041d6377 ce0bbb55f750243c -> mod 256 = last byte 0x3c = 60;
    //                           mod 65536 = last two bytes 0x243c = 9276.
    //   md5("hello")          = 5d41402abc4b2a76 b9719d911017c592 -> mod 2^32 = 0x1017c592 = 269993362.
    //   md5("")               = d41d8cd98f00b204 e9800998ecf8427e -> 0xe9800998ecf8427e = 16825458760271544958,
    //                           below 2^64 - 1, so modulus 2^64 - 1 returns it unchanged.
    //   md5("a")              = 0cc175b9c0f1b6a8 31c399e269772661 -> 0x31c399e269772661 = 3585878926028121697.
    [Theory]
    [InlineData("node-1", 4UL, "2")]
    [InlineData("a.example:9100", 256UL, "60")]
    [InlineData("a.example:9100", 65536UL, "9276")]
    [InlineData("hello", 4294967296UL, "269993362")]
    [InlineData("", ulong.MaxValue, "16825458760271544958")]
    [InlineData("a", ulong.MaxValue, "3585878926028121697")]
    [InlineData("a", 1UL, "0")]
    public void HashMod_handComputedFromDigest(string value, ulong modulus, string expected)
    {
        var result = Run(L("src", value, "x", "1"), Of(action: RelabelAction.HashMod, source: ["src"], target: "h", modulus: modulus));

        Assert.Equal(expected, result!.Get("h"));
    }

    // Read from the real Prometheus 2.42 (agent mode, static target, hashmod relabel rules,
    // /api/v1/targets "labels"). The live comparison test re-checks a few of them when the binary is there.
    [Theory]
    [InlineData("hello", 1000000007UL, "212341348")]
    [InlineData("a.example:9100", 10UL, "2")]
    [InlineData("hello world", ulong.MaxValue, "10649643932806991299")]
    [InlineData("10.0.0.1:9100", ulong.MaxValue, "5548061184049187645")]
    [InlineData("10.0.0.1:9100", 3UL, "2")]
    [InlineData("ü", ulong.MaxValue, "9379308578135398211")]
    public void HashMod_matchesPrometheus242(string value, ulong modulus, string expected)
    {
        var result = Run(L("src", value), Of(action: RelabelAction.HashMod, source: ["src"], target: "h", modulus: modulus));

        Assert.Equal(expected, result!.Get("h"));
    }

    [Fact]
    public void HashMod_multipleSources_hashesJoinedValue()
    {
        // Prometheus 2.42 gave 791 for source_labels [a, hw], separator "|", modulus 1000:
        // md5("a|hello world") = 7c851165bf364977 2151f68e5772a3d7; 0x2151f68e5772a3d7 = 2400971167578104791.
        var result = Run(L("a", "a", "hw", "hello world"), Of(action: RelabelAction.HashMod, source: ["a", "hw"], separator: "|", target: "h", modulus: 1000));

        Assert.Equal("791", result!.Get("h"));
    }

    [Fact]
    public void HashSum64_longValue_hashesAllBytes()
    {
        // Beyond the stack buffer the pooled path must hash the same bytes: differ only in the last char.
        var a = new string('x', 2000) + "a";
        var b = new string('x', 2000) + "b";

        Assert.NotEqual(Relabeler.HashSum64(a), Relabeler.HashSum64(b));
        Assert.Equal(Relabeler.HashSum64(a), Relabeler.HashSum64(new string('x', 2000) + "a"));
    }
}
