using Encore.Core.Randomness;
using Encore.Core.Ranking;
using Encore.Core.Ranking.LightGbm;
using Microsoft.ML.Data;

namespace Encore.Core.Tests.Ranking.LightGbm;

/// <summary>Generated feature tables with a planted signal, quick training options and the ML.NET reference scorer.</summary>
internal static class RankerFixture
{
    public static readonly string[] Names = ["signal_a", "noise_1", "signal_b", "noise_2", "noise_3", "noise_4"];

    /// <summary>Small and single-threaded: LightGBM's threads spin-wait on a loaded machine, and one thread is deterministic.</summary>
    public static readonly RankerModelOptions Quick = new() { Trees = 40, Leaves = 15, LearningRate = 0.1, MinRowsPerLeaf = 5, Threads = 1 };

    /// <summary>
    /// <paramref name="users"/> groups of <paramref name="candidates"/> rows; a row is positive when
    /// signal_a + 0.7·signal_b + noise > 1.1 (signal_b missing counts as 0), so only those two features matter.
    /// About <paramref name="missingRate"/> of every feature value is NaN.
    /// </summary>
    public static FeatureTable Planted(int users = 150, int candidates = 20, ulong seed = 1, float missingRate = 0.1f, string[]? names = null)
    {
        names ??= Names;
        var table = new FeatureTable(names, users * candidates);
        var random = new SplitMix64(seed);
        var a = Array.IndexOf(names, "signal_a");
        var b = Array.IndexOf(names, "signal_b");
        for (var user = 0; user < users; user++)
        {
            for (var c = 0; c < candidates; c++)
            {
                var row = table.AddRow(user);
                for (var f = 0; f < row.Length; f++)
                {
                    var value = random.NextSingle();
                    row[f] = f != a && random.NextSingle() < missingRate ? float.NaN : value;
                }

                var signalB = float.IsNaN(row[b]) ? 0f : row[b];
                var noise = 0.15f * (random.NextSingle() - 0.5f);
                table.SetLabel(table.Rows - 1, row[a] + (0.7f * signalB) + noise > 1.1f ? 1f : 0f);
            }
        }

        return table;
    }

    /// <summary>The probability that a random positive row scores above a random negative one (ties count half).</summary>
    public static double Auc(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores)
    {
        var order = Enumerable.Range(0, labels.Length).ToArray();
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        double positives = 0, negatives = 0, rankSum = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && keys[j] == keys[i])
            {
                j++;
            }

            var midRank = ((i + j - 1) / 2.0) + 1;
            for (var k = i; k < j; k++)
            {
                if (labels[order[k]] > 0)
                {
                    positives++;
                    rankSum += midRank;
                }
                else
                {
                    negatives++;
                }
            }

            i = j;
        }

        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    /// <summary>Scores through ML.NET's own transform of the trained model: the slow reference.</summary>
    public static float[] ReferenceScores(TrainedRanker trained, FeatureTable table)
    {
        var input = new FeatureTableDataView(table, trained.Model.Options.Objective == RankerObjective.Binary);
        var output = trained.Transformer.Transform(input);
        return [.. output.GetColumn<float>(output.Schema["Score"])];
    }

    public static RankerModel Train(FeatureTable table, RankerModelOptions options) =>
        RankerModel.Train(table, options, TestContext.Current.CancellationToken);

    public static float[] Scores(RankerModel model, FeatureTable table)
    {
        var scores = new float[table.Rows];
        model.Score(table, scores);
        return scores;
    }
}
