using System.Collections.Immutable;

namespace Scraper.Node.Http;

/// <summary>A node without scraping wired in reports no targets.</summary>
internal sealed class NoTargetsSource : ITargetsSource
{
    public Task<TargetsView> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new TargetsView([], [], ImmutableDictionary<string, int>.Empty));
}
