using Encore.Core.Models.Similar;

namespace Encore.Server.SimilarTracks;

/// <summary>
/// Where online recommendations get similar tracks from: this process's own artifact set, or the features role of a
/// split deployment.
/// </summary>
public interface ISimilarItemsSource
{
    /// <summary>An index holding at least the neighbours of <paramref name="items"/>.</summary>
    /// <exception cref="FeaturesUnavailableException">The features service cannot be reached.</exception>
    ValueTask<SimilarItemsIndex> ForItemsAsync(int[] items, CancellationToken cancellationToken);
}

/// <summary>The features service cannot be reached; the message names it and the cause.</summary>
public sealed class FeaturesUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
