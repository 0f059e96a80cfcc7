using Encore.Cli.Commands;
using Encore.Core;

namespace Encore.Cli.Client;

/// <summary>
/// The seed's README scenario for one user (docs/seed.md §7): popular; offline; three listens added; online; blended.
/// Each list is printed with the tracks' names and artists (the REST API with details), and logged with its ids.
/// </summary>
public sealed class ClientScenario(ServiceClient client, ClientLog log, CancellationToken cancellationToken)
{
    public const int Listens = 3;

    /// <param name="userId">The listener.</param>
    /// <param name="k">Tracks per list.</param>
    /// <param name="listens">Listens to add; empty takes the user's top offline recommendations, as if played.</param>
    public async Task RunAsync(long userId, int k, IReadOnlyList<long> listens)
    {
        log.Info($"Scenario for user_id={userId} on {client.BaseUrl.AbsoluteUri.TrimEnd('/')}");
        await ShowAsync($"1/5 top-{k} popular tracks", RecommendationKind.Popular, userId, k);
        var offline = await ShowAsync($"2/5 {k} offline recommendations for user_id={userId}", RecommendationKind.Offline, userId, k);

        if (listens.Count == 0)
        {
            listens = [.. offline.Take(Listens).Select(t => t.ItemId)];
            if (listens.Count == 0)
            {
                throw new EncoreException($"user_id={userId} has no offline recommendations to play; give the listens with --items.");
            }
        }

        log.Info($"3/5 adding {listens.Count} listens for user_id={userId}: {ClientCommand.Format(listens)}");
        foreach (var item in listens)
        {
            await client.AddEventAsync(userId, item, cancellationToken);
            log.Info($"    Successfully added item_id={item} to user_id={userId} online history");
        }

        await ShowAsync($"4/5 {k} online recommendations for user_id={userId}", RecommendationKind.Online, userId, k);
        await ShowAsync($"5/5 {k} blended recommendations for user_id={userId}", RecommendationKind.Blended, userId, k);
    }

    private async Task<IReadOnlyList<TrackDetails>> ShowAsync(string title, RecommendationKind kind, long userId, int k)
    {
        var tracks = await client.DetailedAsync(userId, kind, k, cancellationToken);
        log.Info($"{title}: {ClientCommand.Format([.. tracks.Select(t => t.ItemId)])}");
        var width = tracks.Count == 0 ? 0 : tracks.Max(t => t.ItemId.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < tracks.Count; i++)
        {
            var track = tracks[i];
            var artists = track.Artists.Count == 0 ? "unknown artist" : string.Join(", ", track.Artists);
            log.Info($"    {i + 1,3}. {track.ItemId.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width)}  {track.Name ?? "(no name)"} — {artists}");
        }

        if (tracks.Count == 0)
        {
            log.Info("    (none)");
        }

        return tracks;
    }
}
