using Encore.Core.Randomness;
using Encore.Core.Runtime;

namespace Encore.Core.Linalg;

/// <summary>
/// k-means on unit vectors by cosine (spherical k-means, Dhillon &amp; Modha 2001), fitted on a seeded sample: the
/// coarse partition of <see cref="ClusteredTopK"/>. Deterministic for a seed at any thread count: assignments are
/// independent top-1 searches and the centroid sums run in sample order.
/// </summary>
internal static class SphericalKMeans
{
    /// <summary>
    /// Unit centroids (<paramref name="clusters"/> × <paramref name="f"/>) of rows of <paramref name="unit"/>
    /// (first <paramref name="f"/> columns), from at most <paramref name="sampleSize"/> rows drawn with
    /// <paramref name="seed"/>; the first <paramref name="clusters"/> drawn rows start the centroids.
    /// </summary>
    public static FactorMatrix Fit(FactorMatrix unit, int f, int clusters, int sampleSize, int iterations, ulong seed, int threads, SimdWidth width)
    {
        var m = unit.Rows;
        if (clusters < 1 || clusters > m)
        {
            throw new ArgumentOutOfRangeException(nameof(clusters), clusters, $"Clusters must be in [1, {m}].");
        }

        var sample = Sample(m, Math.Clamp(sampleSize, clusters, m), seed);
        var centroids = new FactorMatrix(clusters, f);
        for (var c = 0; c < clusters; c++)
        {
            unit.Row(sample[c])[..f].CopyTo(centroids.Row(c));
        }

        var assigned = new TopKBatch(sample.Length, 1);
        var sums = new double[clusters * f];
        var sizes = new int[clusters];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Nearest(centroids, f, unit, sample, threads, assigned, width);
            Array.Clear(sums);
            Array.Clear(sizes);
            for (var s = 0; s < sample.Length; s++)
            {
                // A row whose scores are all NaN has no nearest centroid.
                if (assigned.Count(s) == 0)
                {
                    continue;
                }

                var c = assigned.Items(s)[0];

                sizes[c]++;
                var row = unit.Row(sample[s]);
                var sum = sums.AsSpan(c * f, f);
                for (var j = 0; j < f; j++)
                {
                    sum[j] += row[j];
                }
            }

            for (var c = 0; c < clusters; c++)
            {
                var sum = sums.AsSpan(c * f, f);
                var norm = 0.0;
                foreach (var v in sum)
                {
                    norm += v * v;
                }

                // An empty cluster keeps its centroid: a later iteration may give it members again.
                if (sizes[c] == 0 || norm == 0)
                {
                    continue;
                }

                norm = Math.Sqrt(norm);
                var centroid = centroids.Row(c);
                for (var j = 0; j < f; j++)
                {
                    centroid[j] = (float)(sum[j] / norm);
                }
            }
        }

        return centroids;
    }

    /// <summary>The best <c>batch.K</c> centroids of rows <paramref name="rows"/> of <paramref name="unit"/>, row b of the batch for rows[b].</summary>
    public static void Nearest(FactorMatrix centroids, int f, FactorMatrix unit, int[] rows, int threads, TopKBatch batch, SimdWidth width)
    {
        var scorer = new TileScorer(centroids, f, width);
        ParallelRanges.For<float>(rows.Length, TileScorer.QueryBlock, threads, scorer.ScratchLength, (start, end, scratch) =>
            scorer.Select(unit, rows.AsSpan(start, end - start), _ => default, batch, start, scratch));
    }

    // Positions [0, m) in a seeded random order, cut to the first `size` (partial Fisher–Yates).
    private static int[] Sample(int m, int size, ulong seed)
    {
        var positions = new int[m];
        for (var i = 0; i < m; i++)
        {
            positions[i] = i;
        }

        var random = new SplitMix64(seed);
        for (var i = 0; i < size; i++)
        {
            var j = i + (int)random.NextBelow((ulong)(m - i));
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }

        return positions[..size];
    }
}
