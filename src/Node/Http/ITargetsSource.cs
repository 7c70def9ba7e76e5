using Scraper.Actors.Discovery;

namespace Scraper.Node.Http;

/// <summary>Where <c>/api/v1/targets</c> reads the targets from.</summary>
internal interface ITargetsSource
{
    /// <summary>The current active and dropped targets.</summary>
    Task<TargetsResult> GetAsync(CancellationToken cancellationToken);
}
