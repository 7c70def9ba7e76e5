using Scraper.TestSupport;

namespace Scraper.Protocol.Tests.RemoteWrite.Interop;

/// <summary>Prometheus 2.42 receiving remote write, shared by a test class.</summary>
public sealed class PrometheusReceiverFixture() : ReceiverFixture<PrometheusReceiver>(new PrometheusReceiver());
