using Scraper.Protocol.Model;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// Type, help and unit of one metric family, as a scrape's <c># TYPE</c>, <c># HELP</c> and <c># UNIT</c> lines
/// give them. Sent as <c>prometheus.MetricMetadata</c> in 1.0 and attached to each series of the family in 2.0.
/// </summary>
/// <param name="MetricFamilyName">The family name, without the <c>_total</c>/<c>_bucket</c>/... suffixes.</param>
/// <param name="Type">The family's type.</param>
/// <param name="Help">Help text; empty when none.</param>
/// <param name="Unit">Unit; empty when none.</param>
public sealed record MetricFamilyMetadata(string MetricFamilyName, MetricType Type, string Help, string Unit);
