using Scraper.Protocol.Relabel;
using static Scraper.Protocol.Tests.Relabel.Rule;

namespace Scraper.Protocol.Tests.Relabel;

/// <summary>Replacement expansion as Go's Regexp.Expand, driven through the replace action.</summary>
public class RegexExpandTests
{
    [Theory]
    [InlineData("$1", "h")]
    [InlineData("${1}", "h")]
    [InlineData("$2", "ello")]
    [InlineData("${2}x", "ellox")]
    [InlineData("$2x", "")] // the group named "2x" does not exist
    [InlineData("a$1xb$$c${2}d", "a$cellod")] // read from Prometheus 2.42
    [InlineData("$$1", "$1")]
    [InlineData("$$", "$")]
    [InlineData("cost: $", "cost: $")] // a lone $ at the end stays literal
    [InlineData("${1", "${1")] // missing brace: literal $
    [InlineData("$-", "$-")] // no name: literal $
    [InlineData("$9", "")] // no such group
    [InlineData("$0", "hello")] // the whole match
    [InlineData("$01", "")] // leading zero: a group named "01"
    [InlineData("${first}-${rest}", "h-ello")]
    [InlineData("$first_$rest", "ello")] // "$first_" is a (missing) group name
    [InlineData("${first}_$rest", "h_ello")]
    [InlineData("no refs", "no refs")]
    public void Replacement_expandsLikeGo(string replacement, string expected)
    {
        var rule = Of(source: ["src"], regex: "(?P<first>h)(?P<rest>.*)", target: "out", replacement: replacement);

        var result = Run(L("src", "hello"), rule);

        Assert.Equal(expected, result!.Get("out"));
    }

    [Fact]
    public void Replacement_namedGroupsNumberedByPosition()
    {
        // In Go the n-th opening parenthesis is group n, named or not; .NET alone would put named groups last.
        var rule = Of(source: ["src"], regex: "(?P<a>x)(y)(?P<c>z)", target: "out", replacement: "$1$2$3|$a$c");

        var result = Run(L("src", "xyz"), rule);

        Assert.Equal("xyz|xz", result!.Get("out"));
    }

    [Fact]
    public void Replacement_nonParticipatingGroup_expandsEmpty()
    {
        var rule = Of(source: ["src"], regex: "(a)|(b)", target: "out", replacement: "[$1][$2]");

        Assert.Equal("[][b]", Run(L("src", "b"), rule)!.Get("out"));
    }

    [Fact]
    public void Replacement_unicodeLettersBelongToName()
    {
        // Go's extract takes letters and digits in the Unicode sense: "$1é" names a group "1é".
        var rule = Of(source: ["src"], regex: "(h)(.*)", target: "out", replacement: "$1é|${1}é");

        Assert.Equal("|hé", Run(L("src", "hello"), rule)!.Get("out"));
    }

    [Fact]
    public void TargetLabel_namedGroupTemplate_expands()
    {
        var rule = Of(source: ["src"], regex: "(?P<ab>.*)", target: "x_$ab", replacement: "v");

        Assert.Equal("v", Run(L("src", "name"), rule)!.Get("x_name"));
    }
}
