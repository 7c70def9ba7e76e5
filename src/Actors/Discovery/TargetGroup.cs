using System.Collections.Immutable;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Discovery;

/// <summary>
/// A group of discovered targets (Prometheus's <c>targetgroup.Group</c>): each target's own labels (at least
/// <c>__address__</c>, plus mechanism metadata such as <c>__meta_dns_name</c>) and the labels the whole group shares.
/// </summary>
/// <param name="Source">Where the group came from (<c>file.json:0</c>, <c>http://sd/targets:2</c>, a DNS name, ...).</param>
/// <param name="Targets">The targets' own labels.</param>
/// <param name="Labels">The group's labels (group metadata such as <c>__meta_filepath</c> included).</param>
public sealed record TargetGroup(string Source, ImmutableArray<Labels> Targets, Labels Labels);
