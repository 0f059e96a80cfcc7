using System.Collections.Concurrent;
using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;

namespace Encore.Core.Serving;

/// <summary>
/// Request-time ALS fold-in over a serving set's ALS model (als_model.bin): a listener's vector from their train
/// history (the model's own training row) and the events the store holds, computed by <see cref="AlsFoldIn"/> — the
/// code the replay's <c>foldin</c> strategy runs, so what is served is what is measured — then their top-k by the
/// model's exact norm-pruned scorer, train items and events left out, in track ids.
/// </summary>
/// <remarks>
/// <para>A listener the model does not know is folded in from their events alone; events of tracks the model does not
/// know are skipped. With nothing to fold in (an unknown listener without known events) the list is empty
/// (<see cref="RecommendationSource.None"/>): the caller decides what to serve instead, as the replay's strategy
/// serves the offline list.</para>
/// <para>Thread-safe. Each call borrows a working set (the fold-in's scratch and id buffers) from a pool and returns
/// it, so a request allocates nothing but its answer once the pool is warm.</para>
/// </remarks>
public sealed class FoldInRecommender
{
    // One working set per concurrent call, reused.
    private readonly ConcurrentBag<Working> _pool = [];

    /// <exception cref="ArgumentException">The id maps do not match the model's shape.</exception>
    public FoldInRecommender(AlsFoldIn foldIn, IdMap users, IdMap items)
    {
        ArgumentNullException.ThrowIfNull(foldIn);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        if (users.Count != foldIn.Model.UserFactors.Rows || items.Count != foldIn.Model.ItemFactors.Rows)
        {
            throw new ArgumentException(
                $"Id maps {users.Count}x{items.Count} do not match the model {foldIn.Model.UserFactors.Rows}x{foldIn.Model.ItemFactors.Rows}.");
        }

        FoldIn = foldIn;
        Users = users;
        Items = items;
    }

    /// <summary>The fold-in: the model, its options, YᵀY + λI and its factor.</summary>
    public AlsFoldIn FoldIn { get; }

    /// <summary>The model's listeners (row = internal id).</summary>
    public IdMap Users { get; }

    /// <summary>The model's tracks (row = internal id).</summary>
    public IdMap Items { get; }

    /// <summary>
    /// Loads als_model.bin of <paramref name="artifactsDirectory"/> (factors, training matrix and id maps, exactly as
    /// training wrote them) and reads from manifest.json which values training used (binary when not recorded), so
    /// that an online event counts as a train play; null when the directory has no ALS model.
    /// </summary>
    /// <param name="artifactsDirectory">The set's folder.</param>
    /// <param name="options">Fold-in options; their <see cref="AlsFoldInOptions.Values"/> is replaced by the manifest's.</param>
    /// <exception cref="EncoreException">The model or the manifest is malformed (the message names the file).</exception>
    public static FoldInRecommender? Load(string artifactsDirectory, AlsFoldInOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(artifactsDirectory);
        var path = Path.Combine(artifactsDirectory, ArtifactFiles.AlsModel);
        if (!File.Exists(path))
        {
            return null;
        }

        var (model, users, items) = AlsModelFile.Load(path);
        var manifestPath = Path.Combine(artifactsDirectory, ArtifactFiles.Manifest);
        var values = File.Exists(manifestPath) && Manifest.Read(manifestPath).Parameter("values") is string name
            ? OptionValues.Parse<InteractionValues>(name, $"{manifestPath}: values")
            : InteractionValues.Binary;
        var foldIn = new AlsFoldIn(model, (options ?? new AlsFoldInOptions()) with { Values = values });
        return new FoldInRecommender(foldIn, users, items);
    }

    /// <summary>
    /// Listener <paramref name="userId"/>'s folded-in list: up to <paramref name="destination"/>'s length (k) track
    /// ids, best first, none of them heard in train or in <paramref name="events"/>.
    /// </summary>
    /// <param name="userId">The listener (one the model does not know is folded in from the events alone).</param>
    /// <param name="events">The stored events' track ids as the events store returns them (newest first, repeats kept).</param>
    /// <param name="destination">Receives the list.</param>
    /// <returns>How many were written; 0 when there is nothing to fold in or nothing left unheard.</returns>
    public int Recommend(long userId, ReadOnlySpan<long> events, Span<int> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        if (!_pool.TryTake(out var working))
        {
            working = new Working(FoldIn.CreateScratch());
        }

        try
        {
            var k = destination.Length;
            working.Reserve(events.Length, k);
            var known = 0;
            foreach (var id in events)
            {
                if (Items.TryToInternal(id, out var row))
                {
                    working.Events[known++] = row;
                }
            }

            var user = Users.TryToInternal(userId, out var u) ? u : -1;
            var count = FoldIn.Recommend(
                user, working.Events.AsSpan(0, known), working.Items.AsSpan(0, k), working.Scores.AsSpan(0, k), working.Scratch);
            for (var i = 0; i < count; i++)
            {
                destination[i] = checked((int)Items.ToExternal(working.Items[i]));
            }

            return count;
        }
        finally
        {
            _pool.Add(working);
        }
    }

    /// <summary>
    /// <see cref="Recommend(long, ReadOnlySpan{long}, Span{int})"/> as a served list: <see cref="RecommendationSource.FoldIn"/>,
    /// or empty with <see cref="RecommendationSource.None"/> when there is nothing to fold in.
    /// </summary>
    public ServedList Recommend(long userId, ReadOnlySpan<long> events, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var items = new int[k];
        var count = Recommend(userId, events, items);
        return new ServedList(count == k ? items : items[..count], count > 0 ? RecommendationSource.FoldIn : RecommendationSource.None);
    }

    private sealed class Working(AlsFoldInScratch scratch)
    {
        public AlsFoldInScratch Scratch { get; } = scratch;

        public int[] Events { get; private set; } = new int[16];

        public int[] Items { get; private set; } = new int[16];

        public float[] Scores { get; private set; } = new float[16];

        public void Reserve(int events, int k)
        {
            if (Events.Length < events)
            {
                Events = new int[Math.Max(events, 2 * Events.Length)];
            }

            if (Items.Length < k)
            {
                Items = new int[k];
                Scores = new float[k];
            }
        }
    }
}
