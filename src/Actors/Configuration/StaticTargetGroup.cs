using System.Collections.Immutable;
using Scraper.Protocol.Model;

namespace Scraper.Actors.Configuration;

/// <summary>One entry of <c>static_configs</c>: target addresses and the labels they all get.</summary>
public sealed record StaticTargetGroup
{
    /// <summary>The targets as written; each becomes a target's <c>__address__</c>.</summary>
    public ImmutableArray<string> Targets { get; init; } = [];

    /// <summary>The group's <c>labels</c>.</summary>
    public Labels Labels { get; init; } = Labels.Empty;
}
