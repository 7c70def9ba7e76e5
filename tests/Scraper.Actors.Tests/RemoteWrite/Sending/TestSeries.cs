using Scraper.Protocol.Model;

namespace Scraper.Actors.Tests.RemoteWrite.Sending;

/// <summary>Builds the labels the tests send.</summary>
public static class TestSeries
{
    public static Labels Of(string name, string instance = "a") => Labels.FromStrings("__name__", name, "instance", instance);
}
