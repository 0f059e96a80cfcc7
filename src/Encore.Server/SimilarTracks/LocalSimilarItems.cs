using Encore.Core.Models.Similar;
using Encore.Server.Serving;

namespace Encore.Server.SimilarTracks;

/// <summary>Similar tracks from the artifact set this process serves (roles <c>all</c> and <c>features</c>).</summary>
public sealed class LocalSimilarItems(ServingSetHost host) : ISimilarItemsSource
{
    public ValueTask<SimilarItemsIndex> ForItemsAsync(int[] items, CancellationToken cancellationToken) =>
        ValueTask.FromResult(host.Current?.Set.Similar ?? SimilarItemsIndex.Empty);
}
