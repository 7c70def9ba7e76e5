using Scraper.TestSupport;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

/// <summary>VictoriaMetrics receiving remote write, shared by a test class.</summary>
public sealed class VictoriaMetricsReceiverFixture() : ReceiverFixture<VictoriaMetricsReceiver>(new VictoriaMetricsReceiver());
