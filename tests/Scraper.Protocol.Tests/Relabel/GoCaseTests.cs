using Scraper.Protocol.Relabel;
using static Scraper.Protocol.Tests.Relabel.Rule;

namespace Scraper.Protocol.Tests.Relabel;

public class GoCaseTests
{
    [Fact]
    public void Lowercase_everyCasedCodePoint_matchesPrometheus242()
    {
        var result = Run(L("src", GoCaseData.Input), Of(action: RelabelAction.Lowercase, source: ["src"], target: "out"));

        AssertSameRunes(GoCaseData.Lower, result!.Get("out"));
    }

    [Fact]
    public void Uppercase_everyCasedCodePoint_matchesPrometheus242()
    {
        var result = Run(L("src", GoCaseData.Input), Of(action: RelabelAction.Uppercase, source: ["src"], target: "out"));

        AssertSameRunes(GoCaseData.Upper, result!.Get("out"));
    }

    [Theory]
    [InlineData("\u0130", "i", "\u0130")] // İ: Go lowers to i, .NET's invariant casing would not
    [InlineData("\u0131", "\u0131", "I")] // ı
    [InlineData("\u017F", "\u017F", "S")] // ſ
    [InlineData("\u2C2F", "\u2C2F", "\u2C2F")] // Glagolitic, case pair new in Unicode 14: unmapped in Go 1.19
    [InlineData("\U00010570", "\U00010570", "\U00010570")] // Vithkuqi, Unicode 14
    [InlineData("ABC xyz 09", "abc xyz 09", "ABC XYZ 09")]
    [InlineData("\uD800x", "\uD800x", "\uD800X")] // a lone surrogate stays as it is
    public void Casing_specialCodePoints(string input, string lower, string upper)
    {
        var labels = L("src", input);

        Assert.Equal(lower, Run(labels, Of(action: RelabelAction.Lowercase, source: ["src"], target: "out"))!.Get("out"));
        Assert.Equal(upper, Run(labels, Of(action: RelabelAction.Uppercase, source: ["src"], target: "out"))!.Get("out"));
    }

    private static void AssertSameRunes(string expected, string actual)
    {
        var e = expected.EnumerateRunes().ToArray();
        var a = actual.EnumerateRunes().ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            // Compare rune by rune so a failure names the code point.
            Assert.True(e[i] == a[i], $"at {i}: expected U+{e[i].Value:X4}, got U+{a[i].Value:X4}");
        }
    }
}
