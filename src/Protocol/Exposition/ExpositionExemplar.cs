using Scraper.Protocol.Model;

namespace Scraper.Protocol.Exposition;

/// <summary>
/// An OpenMetrics exemplar attached to a sample (<c># {trace_id="abc"} 1.0 1520879607.789</c>), materialised by
/// <see cref="ExpositionParser.TryGetExemplar"/>.
/// </summary>
/// <param name="Labels">The exemplar's own label set (no metric name).</param>
/// <param name="Value">The exemplar value.</param>
/// <param name="TimestampMs">The exemplar timestamp in milliseconds (seconds in the body), if one was given.</param>
public readonly record struct ExpositionExemplar(Labels Labels, double Value, long? TimestampMs);
