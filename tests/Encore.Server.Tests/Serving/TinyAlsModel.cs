using Encore.Core.Artifacts;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;
using Encore.Core.Randomness;

namespace Encore.Server.Tests.Serving;

/// <summary>A 4-factor als_model.bin over given tracks, listeners 1 and 2, random factors: what the fold-in and live tests load.</summary>
internal static class TinyAlsModel
{
    /// <summary>
    /// Writes als_model.bin into <paramref name="directory"/> over <paramref name="tracks"/>, with listener 1 trained on
    /// <paramref name="first"/> and listener 2 on <paramref name="second"/>, factors drawn from <paramref name="seed"/>.
    /// </summary>
    /// <returns>The model's item factors, row-major.</returns>
    public static float[] Write(string directory, ulong seed, IEnumerable<int> tracks, int[] first, int[] second)
    {
        var items = IdMap.FromIds([.. tracks.Select(t => (long)t)]);
        var users = IdMap.FromIds([1L, 2L]);
        var rows = new List<int>();
        var columns = new List<int>();
        foreach (var (user, list) in new[] { (0, first), (1, second) })
        {
            rows.AddRange(list.Select(_ => user));
            columns.AddRange(list.Select(t => items.ToInternal(t)));
        }

        var random = new SplitMix64(seed);
        var options = new AlsOptions { Factors = 4, Regularization = 0.1f, Threads = 1 };
        FactorMatrix Random(int count)
        {
            var matrix = new FactorMatrix(count, options.Factors);
            for (var i = 0; i < matrix.Data.Length; i++)
            {
                matrix.Data[i] = random.NextSingle() - 0.5f;
            }

            return matrix;
        }

        var model = AlsRecommender.FromFactors(
            options, Random(users.Count), Random(items.Count),
            SparseMatrix.FromTriplets(users.Count, items.Count, [.. rows], [.. columns], [.. Enumerable.Repeat(1f, rows.Count)]));
        AlsModelFile.Save(Path.Combine(directory, ArtifactFiles.AlsModel), model, users, items);
        return model.ItemFactors.Data.ToArray();
    }
}
