using System.Text;
using Scraper.Protocol.Exposition;
using Scraper.Protocol.Relabel;

namespace Scraper.Protocol.Tests.Relabel;

/// <summary>Go's <c>%q</c>, which every error message that quotes user input uses, from text and from raw bytes.</summary>
public sealed class GoQuoteTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("\a\b\f\n\r\t\v", "\"\\a\\b\\f\\n\\r\\t\\v\"")]
    [InlineData("\0\u007f", "\"\\x00\\x7f\"")]
    [InlineData("é 東京 😀", "\"é 東京 😀\"")]
    [InlineData("\u00a0\u200b\ue000", "\"\\u00a0\\u200b\\ue000\"")]
    [InlineData("\U000e0001", "\"\\U000e0001\"")]
    public void Quote_textAndItsUtf8_quoteAlike(string text, string expected)
    {
        Assert.Equal(expected, GoQuote.Quote(text));
        Assert.Equal(expected, GoQuote.Quote(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xff, 0x62 }, "\"a\\xffb\"")]
    [InlineData(new byte[] { 0xe2, 0x82 }, "\"\\xe2\\x82\"")]
    [InlineData(new byte[] { 0xc3, 0x28 }, "\"\\xc3(\"")]
    public void Quote_invalidUtf8_escapesEachBadByte(byte[] utf8, string expected)
    {
        Assert.Equal(expected, GoQuote.Quote(utf8));
    }

    [Fact]
    public void ExpositionQuote_longToken_isCutInsideTheQuotes()
    {
        var token = Encoding.UTF8.GetBytes(new string('x', 1000));

        var quoted = ExpositionSyntax.Quote(token);

        Assert.StartsWith("\"xxx", quoted, StringComparison.Ordinal);
        Assert.EndsWith("x...\"", quoted, StringComparison.Ordinal);
        Assert.True(quoted.Length < 200, quoted);
    }
}
