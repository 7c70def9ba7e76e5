using Scraper.Actors.Scrape;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Tests.Scrape;

public sealed class LabelLimitsTests
{
    private static readonly Labels Series = Labels.FromStrings("__name__", "http_requests_total", "code", "200", "path", "/äpi");

    [Fact]
    public void Check_without_limits_passes() => Assert.Null(default(LabelLimits).Check(Series));

    [Fact]
    public void Check_label_limit_counts_the_name_label()
    {
        Assert.Null(new LabelLimits(3, 0, 0).Check(Series));
        Assert.Equal(
            "label_limit exceeded (metric: http_requests_total, number of labels: 3, limit: 2)",
            new LabelLimits(2, 0, 0).Check(Series));
    }

    [Fact]
    public void Check_name_length_limit_names_the_label()
    {
        Assert.Null(new LabelLimits(0, 8, 0).Check(Series));
        Assert.Equal(
            "label_name_length_limit exceeded (metric: http_requests_total, label name: __name__, length: 8, limit: 7)",
            new LabelLimits(0, 7, 0).Check(Series));
    }

    [Fact]
    public void Check_value_length_limit_counts_runes()
    {
        // "/äpi" is 4 runes and 5 bytes; "http_requests_total" is 19.
        Assert.Null(new LabelLimits(0, 0, 19).Check(Series));
        Assert.Equal(
            "label_value_length_limit exceeded (metric: http_requests_total, label name: __name__, value: \"http_requests_total\", length: 19, limit: 4)",
            new LabelLimits(0, 0, 4).Check(Series));
    }
}
