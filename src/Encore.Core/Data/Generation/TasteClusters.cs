namespace Encore.Core.Data.Generation;

/// <summary>
/// A few (20) shared tastes, each a small distribution over genres: an anchor genre, its umbrella, some
/// sibling genres and a couple of unrelated ones. Users mix one or two of them, which is what gives a
/// collaborative model its structure: users of a cluster listen to the same artists.
/// </summary>
internal sealed class TasteClusters
{
    public const int Count = 20;
    public const int MaxGenres = 8;

    private readonly int[] _genres = new int[Count * MaxGenres];
    private readonly double[] _weights = new double[Count * MaxGenres];
    private readonly int[] _sizes = new int[Count];
    private readonly double[] _cumulative = new double[Count];

    public TasteClusters(int seed)
    {
        var rng = Rng.Create(seed, RngStream.Tastes, 0);
        var named = GenreNames.Count;
        var anchorWeights = new double[named];
        for (var g = 0; g < named; g++)
        {
            // Flatter than genre popularity, so that niche tastes (jazz, metal) get clusters of their own.
            anchorWeights[g] = Math.Pow(GenreNames.Weight(g), 0.6);
        }

        double clusterMass = 0;
        for (var c = 0; c < Count; c++)
        {
            var anchor = DrawWithoutReplacement(ref rng, anchorWeights);
            Add(c, anchor, 1.0);
            var parent = GenreNames.Parents[anchor];
            if (parent >= 0)
            {
                Add(c, parent, 0.25);
            }

            // Siblings and children of the anchor: same umbrella.
            var family = parent >= 0 ? parent : anchor;
            var siblings = 0;
            for (var g = 0; g < named && siblings < 3; g++)
            {
                if (g != anchor && GenreNames.Parents[g] == family && rng.Chance(0.5))
                {
                    Add(c, g, 0.2 + 0.3 * rng.NextDouble());
                    siblings++;
                }
            }

            while (_sizes[c] < MaxGenres - 1 && rng.Chance(0.7))
            {
                Add(c, rng.NextIndex(GenreNames.Cumulative), 0.1 + 0.2 * rng.NextDouble());
            }

            Normalise(c);
            clusterMass += Math.Pow(GenreNames.Weight(anchor), 0.3) * (0.5 + rng.NextDouble());
            _cumulative[c] = clusterMass;
        }
    }

    public int SizeOf(int cluster) => _sizes[cluster];

    public int GenreAt(int cluster, int i) => _genres[cluster * MaxGenres + i];

    /// <summary>Share of the cluster's listens that go to its i-th genre (sums to 1 per cluster).</summary>
    public double WeightAt(int cluster, int i) => _weights[cluster * MaxGenres + i];

    /// <summary>A cluster drawn by size: big tastes (pop, rap) hold more users.</summary>
    public int SampleCluster(ref Rng rng) => rng.NextIndex(_cumulative);

    private static int DrawWithoutReplacement(ref Rng rng, double[] weights)
    {
        double total = 0;
        foreach (var w in weights)
        {
            total += w;
        }

        var u = rng.NextDouble() * total;
        var pick = weights.Length - 1;
        for (var g = 0; g < weights.Length; g++)
        {
            u -= weights[g];
            if (u < 0 && weights[g] > 0)
            {
                pick = g;
                break;
            }
        }

        weights[pick] = 0;
        return pick;
    }

    private void Add(int cluster, int genre, double weight)
    {
        var start = cluster * MaxGenres;
        for (var i = 0; i < _sizes[cluster]; i++)
        {
            if (_genres[start + i] == genre)
            {
                _weights[start + i] += weight;
                return;
            }
        }

        if (_sizes[cluster] < MaxGenres)
        {
            _genres[start + _sizes[cluster]] = genre;
            _weights[start + _sizes[cluster]] = weight;
            _sizes[cluster]++;
        }
    }

    private void Normalise(int cluster)
    {
        var start = cluster * MaxGenres;
        double sum = 0;
        for (var i = 0; i < _sizes[cluster]; i++)
        {
            sum += _weights[start + i];
        }

        for (var i = 0; i < _sizes[cluster]; i++)
        {
            _weights[start + i] /= sum;
        }
    }
}
