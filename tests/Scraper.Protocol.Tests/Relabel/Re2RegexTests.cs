using Scraper.Protocol.Relabel;

namespace Scraper.Protocol.Tests.Relabel;

/// <summary>RE2 (Go regexp) patterns compiled for relabeling: anchoring and the syntax differences from .NET.</summary>
public class Re2RegexTests
{
    [Theory]
    [InlineData("(.*)", "", true)]
    [InlineData("(.*)", "anything", true)]
    [InlineData("(.*)", "a\nb", false)]
    [InlineData("(?s)(.*)", "a\nb", true)]
    [InlineData("(?s:.*)", "a\nb", true)]
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "foobar", false)]
    [InlineData("foo", "xfoo", false)]
    [InlineData("foo|bar", "bar", true)]
    [InlineData("foo|bar", "foobar", false)]
    [InlineData("foo$", "foo\n", false)]
    [InlineData("(?m)foo$\n", "foo\n", true)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    public void CompileAnchored_matchesWholeValueOnly(string pattern, string input, bool expected)
    {
        Assert.Equal(expected, RelabelConfig.CompileAnchored(pattern).IsMatch(input));
    }

    [Theory]
    [InlineData(@"\d+", "123", true)]
    [InlineData(@"\d+", "١٢٣", false)] // Arabic-Indic digits are not \d in RE2
    [InlineData(@"\w+", "abc_9", true)]
    [InlineData(@"\w+", "é", false)]
    [InlineData(@"\W", "é", true)]
    [InlineData(@"\s", "\u00A0", false)]
    [InlineData(@"\s", "\t", true)]
    [InlineData(@"[\d.]+", "1.2", true)]
    [InlineData(@"[\w-]+", "a-b", true)]
    [InlineData(@"[\w-]+", "é", false)]
    [InlineData(@"[[:alpha:]]+", "abcXYZ", true)]
    [InlineData(@"[[:alpha:]]+", "é", false)]
    [InlineData(@"[[:digit:][:lower:]]+", "a1b2", true)]
    [InlineData(@"[[:punct:]]+", "!-[]`~", true)]
    [InlineData(@"[]a]+", "]a]", true)]
    [InlineData(@"[^]a]", "b", true)]
    [InlineData(@"[[a]+", "a[", true)]
    [InlineData(@"\pL+", "héllo", true)]
    [InlineData(@"\p{Lu}", "É", true)]
    [InlineData(@"\Q.*+\E", ".*+", true)]
    [InlineData(@"\Q.*+\E", "abc", false)]
    [InlineData(@"\x{263A}", "\u263A", true)]
    [InlineData(@"\x{1F600}", "\U0001F600", true)]
    [InlineData(@"\x41", "A", true)]
    [InlineData(@"\101", "A", true)]
    [InlineData(@"(?i)abc", "ABC", true)]
    [InlineData(@"(?i:a)b", "Ab", true)]
    [InlineData(@"(?i:a)b", "AB", false)]
    [InlineData(@"a.c", "a\u263Ac", true)]
    [InlineData(@"(?)x", "x", true)]
    [InlineData(@"[[:^alpha:]]+", "12!é", true)]
    [InlineData(@"[[:^alpha:]]", "a", false)]
    [InlineData(@"[^[:alpha:]0-9]", "_", true)]
    [InlineData(@"[\D]", "١", true)] // Go's \D is "not 0-9", so an Arabic-Indic digit is in it
    [InlineData(@"\D", "١", true)]
    [InlineData(@"[^\d]", "a", true)]
    [InlineData(@"[\S\d]+", "a1", true)]
    [InlineData(@"[\s]", "\u00A0", false)]
    [InlineData(@"a{,2}", "a{,2}", true)] // not a repetition in Go: literal
    [InlineData(@"a{2}", "aa", true)]
    [InlineData(@"[]a]+", "]", true)]
    [InlineData(@"[\]]", "]", true)]
    [InlineData(@"[a\-z]+", "-", true)]
    [InlineData(@"[a-c]+", "abc", true)]
    [InlineData(@"[a-c]", "-", false)]
    [InlineData(@"#? x", "# x", true)]
    [InlineData(@"\.", ".", true)]
    [InlineData(@"\.", "a", false)]
    public void CompileAnchored_translatesRe2Syntax(string pattern, string input, bool expected)
    {
        Assert.Equal(expected, RelabelConfig.CompileAnchored(pattern).IsMatch(input));
    }

    // Messages as promtool 2.42 prints them; where Go quotes the whole expression it is the anchored one.
    [Theory]
    [InlineData("(?<n>a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`")]
    [InlineData("a(b", "error parsing regexp: missing closing ): `^(?:a(b)$`")]
    [InlineData("a)b", "error parsing regexp: unexpected ): `^(?:a)b)$`")]
    [InlineData("[a", "error parsing regexp: missing closing ]: `[a)$`")]
    [InlineData(@"a\", @"error parsing regexp: missing closing ): `^(?:a\)$`")]
    [InlineData("(?P<a-b>x)", "error parsing regexp: invalid named capture: `(?P<a-b>`")]
    [InlineData("x{1001}", "error parsing regexp: invalid repeat count: `{1001}`")]
    [InlineData("a**", "error parsing regexp: invalid nested repetition operator: `**`")]
    [InlineData("*a", "error parsing regexp: missing argument to repetition operator: `*`")]
    [InlineData(@"\8", @"error parsing regexp: invalid escape sequence: `\8`")]
    [InlineData(@"(a)\1", @"error parsing regexp: invalid escape sequence: `\1`")]
    [InlineData("(?P=n)", "error parsing regexp: invalid or unsupported Perl syntax: `(?P`")]
    [InlineData("[[:foo:]]", "error parsing regexp: invalid character class range: `[:foo:]`")]
    [InlineData("[z-a]", "error parsing regexp: invalid character class range: `z-a`")]
    [InlineData(@"\Z", @"error parsing regexp: invalid escape sequence: `\Z`")]
    // Same wording as Go 1.19 for these, not checked on promtool:
    [InlineData("(?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("(?x)a", "error parsing regexp: invalid or unsupported Perl syntax: `(?x`")]
    [InlineData("(?i-)a", "error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`")]
    [InlineData(@"\Qabc", @"error parsing regexp: missing closing ): `^(?:\Qabc)$`")]
    [InlineData("a|*", "error parsing regexp: missing argument to repetition operator: `*`")]
    [InlineData("x{2}{3}", "error parsing regexp: invalid nested repetition operator: `{2}{3}`")]
    [InlineData("x{3,2}", "error parsing regexp: invalid repeat count: `{3,2}`")]
    public void CompileAnchored_invalidPattern_throwsWithGoMessage(string pattern, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => RelabelConfig.CompileAnchored(pattern));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void CompileAnchored_unknownUnicodeClass_throwsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => RelabelConfig.CompileAnchored(@"\p{Foo}"));

        Assert.StartsWith("error parsing regexp: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(?U)(a+)(a*)", "a")] // ungreedy flag: a+ is lazy
    [InlineData("(?U)(a+?)(a*)", "aaa")] // and a+? greedy
    [InlineData("(?U:(a+))(a*)", "a")]
    [InlineData("(?U)(?-U)(a+)(a*)", "aaa")]
    [InlineData("(a{1,2})(a*)", "aa")]
    [InlineData("(a{1,2}?)(a*)", "a")]
    public void CompileAnchored_greediness_asGo(string pattern, string firstGroup)
    {
        Assert.Equal(firstGroup, RelabelConfig.CompileAnchored(pattern).Match("aaa").Groups[1].Value);
    }

    [Fact]
    public void CompileAnchored_groupsNumberedInOpeningOrder()
    {
        var re = RelabelConfig.CompileAnchored("(?P<x>a)(b)(?:c)(?P<y>d)");

        var m = re.Match("abcd");

        Assert.Equal("a", m.Groups[1].Value);
        Assert.Equal("b", m.Groups[2].Value);
        Assert.Equal("d", m.Groups[3].Value);
    }

    [Theory]
    [InlineData("(a+)+b", 40, "", "aaab")]
    [InlineData("(a|aa)*c", 60, "", "aac")]
    [InlineData("(.*a){20}", 19, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaa")]
    public void Pathological_pattern_overBudgetMovesToLinearEngineWithSameAnswer(string pattern, int count, string tail, string matching)
    {
        // On these inputs a backtracking engine explores exponentially many paths before failing.
        var re = (Re2Regex)RelabelConfig.CompileAnchored(pattern);
        var input = new string('a', count) + tail;

        Assert.False(re.IsMatchBounded(input));
        Assert.True(re.UsesLinearEngine);
        Assert.False(re.MatchBounded(input).Success);
        Assert.True(re.MatchBounded(matching).Success);
    }

    [Fact]
    public void Ordinary_pattern_staysOnBacktrackingEngine()
    {
        var re = (Re2Regex)RelabelConfig.CompileAnchored("__meta_kubernetes_pod_label_(.+)");

        Assert.Equal("app", re.MatchBounded("__meta_kubernetes_pod_label_app").Groups[1].Value);
        Assert.False(re.UsesLinearEngine);
    }
}
