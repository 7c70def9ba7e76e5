using Scraper.Protocol.Model;

namespace Scraper.Node.Tests.Configuration;

public sealed class ByteSizeTests
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;
    private const long GiB = 1024 * MiB;

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("0B", 0L)]
    [InlineData("10B", 10L)]
    [InlineData("1KB", KiB)]
    [InlineData("1KiB", KiB)]
    [InlineData("10MB", 10 * MiB)]
    [InlineData("10MiB", 10 * MiB)]
    [InlineData("1.5MB", MiB + (MiB / 2))]
    [InlineData(".5KB", 512L)]
    [InlineData("1.KB", KiB)]
    [InlineData("1MB512KB", MiB + (512 * KiB))]
    [InlineData("1KB1B", KiB + 1)]
    [InlineData("1B1KB", KiB + 1)]
    [InlineData("5GiB", 5 * GiB)]
    [InlineData("1TB", 1024 * GiB)]
    [InlineData("1PB", 1024 * 1024 * GiB)]
    [InlineData("1EB", 1L << 60)]
    [InlineData("+5MB", 5 * MiB)]
    [InlineData("-1MB", -MiB)]
    [InlineData("1.5B", 1L)]
    [InlineData("0.0001KB", 0L)]
    [InlineData("8EB", long.MaxValue)]
    public void Parse_valid_isBase2(string text, long expected)
    {
        Assert.Equal(new ByteSize(expected), ByteSize.Parse(text));
        Assert.True(ByteSize.TryParse(text, out var value));
        Assert.Equal(expected, value.Bytes);
    }

    [Theory]
    [InlineData("", "units: invalid ")]
    [InlineData("B", "units: invalid B")]
    [InlineData("10", "units: unknown unit  in 10")]
    [InlineData("1024", "units: unknown unit  in 1024")]
    [InlineData("10kB", "units: unknown unit kB in 10kB")]
    [InlineData("10mb", "units: unknown unit mb in 10mb")]
    [InlineData("1b", "unknown unit b")]
    [InlineData("1iB", "unknown unit iB")]
    [InlineData("1K", "unknown unit K")]
    [InlineData("1 MB", "unknown unit  MB")]
    [InlineData("1MiB1MB", "unknown unit MiB")]
    [InlineData("1.5.5KB", "unknown unit  in 1.5.5KB")]
    [InlineData("9223372036854775807B", "units: invalid")]
    [InlineData("9EB", "units: overflow parsing unit")]
    public void Parse_invalid_failsWithUnitsReason(string text, string reason)
    {
        Assert.False(ByteSize.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => ByteSize.Parse(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1L, "1B")]
    [InlineData(KiB, "1KiB")]
    [InlineData(KiB + 512, "1KiB512B")]
    [InlineData(10 * MiB, "10MiB")]
    [InlineData(MiB + (512 * KiB), "1MiB512KiB")]
    [InlineData(5 * GiB, "5GiB")]
    [InlineData(1L << 60, "1EiB")]
    public void Format_printsIecUnitsLikePrometheus(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(new ByteSize(bytes)));
        Assert.Equal(expected, new ByteSize(bytes).ToString());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(1023L)]
    [InlineData(123456789L)]
    [InlineData(long.MaxValue)]
    public void Format_ofValue_parsesBackToSameValue(long bytes)
    {
        Assert.Equal(bytes, ByteSize.Parse(ByteSize.Format(new ByteSize(bytes))).Bytes);
    }
}
