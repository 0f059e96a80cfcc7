using Encore.Core.Artifacts;
using Encore.Core.Randomness;
using Encore.Core.Ranking;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Ranking.Live;

namespace Encore.Server.Tests.Serving;

/// <summary>
/// What kind=live needs, added to a <see cref="TinyArtifacts"/> set: als_model.bin over every track of the set
/// (listener 1 trained on 101 and 102, listener 2 on 103 and 104, so their personal lists stay unheard; random factors) and the live ranker, live_model.bin and
/// live_ranker.json. The live model is a real LightGBM model, trained by <see cref="RankerModel.Train"/> on generated
/// rows of the live features in which a candidate is a next listen with probability s³, s its similarity to the
/// session (<c>session_sim_max</c>), so listening to 50 puts its neighbours 60 (.9), 61 (.8) and 10 (.7) first, in
/// that order.
/// </summary>
internal static class LiveArtifacts
{
    /// <summary>Every track the set names: lists, chart, similar tracks.</summary>
    public static readonly int[] Tracks = [10, 11, 12, 13, 14, 20, 21, 22, 23, 50, 51, 52, 60, 61, 62, 63, 64, 100, 101, 102, 103, 104, 105];

    /// <summary>Writes both models into <paramref name="directory"/>; returns the live model.</summary>
    public static RankerModel Write(string directory, ulong seed = 1)
    {
        WriteAls(directory, seed);
        return WriteLiveModel(directory, seed);
    }

    /// <summary>als_model.bin, factors drawn from <paramref name="seed"/>.</summary>
    public static void WriteAls(string directory, ulong seed) => TinyAlsModel.Write(directory, seed, Tracks, [101, 102], [103, 104]);

    /// <summary>live_model.bin and live_ranker.json; <paramref name="trees"/> changes the model (a reload test swaps one for another).</summary>
    public static RankerModel WriteLiveModel(string directory, ulong seed, int trees = 20)
    {
        var names = LiveFeatures.Names;
        var similarity = IndexOf(names, LiveFeatures.SessionSimilarMax);
        var table = new FeatureTable(names, 6000);
        var random = new SplitMix64(seed);
        for (var r = 0; r < 6000; r++)
        {
            var row = table.AddRow(r / 30);
            for (var f = 0; f < row.Length; f++)
            {
                row[f] = random.NextSingle() < 0.2f ? float.NaN : random.NextSingle();
            }

            var signal = float.IsNaN(row[similarity]) ? 0f : row[similarity];
            table.SetLabel(r, random.NextSingle() < signal * signal * signal ? 1f : 0f);
        }

        var modelOptions = new RankerModelOptions { Objective = RankerObjective.Binary, Trees = trees, Leaves = 7, MinRowsPerLeaf = 5, Threads = 1 };
        var model = RankerModel.Train(table, modelOptions, TestContext.Current.CancellationToken);
        model.Save(Path.Combine(directory, ArtifactFiles.LiveModel));
        LiveRankerJson.Write(
            Path.Combine(directory, ArtifactFiles.LiveRankerJson), new LiveOptions { Model = modelOptions }, model,
            new LiveTrainingSummary(100, 100, table.Rows, 0, double.NaN));
        return model;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"No feature '{name}'.");
    }
}
