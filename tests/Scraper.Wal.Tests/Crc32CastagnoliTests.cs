namespace Scraper.Wal.Tests;

public class Crc32CastagnoliTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void Compute_knownVectors_matchCastagnoli(string text, uint expected)
    {
        Assert.Equal(expected, Crc32Castagnoli.Compute(System.Text.Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Compute_everyLength_matchesTableDrivenReference()
    {
        var data = new byte[100];
        new Random(7).NextBytes(data);
        for (var len = 0; len <= data.Length; len++)
        {
            Assert.Equal(SpecReader.Crc(data.AsSpan(0, len)), Crc32Castagnoli.Compute(data.AsSpan(0, len)));
        }
    }
}
