using Encore.Core.Data.Interactions;

namespace Encore.Core.Evaluation.Protocols;

/// <summary>The inputs every model is evaluated against: the train/test split and the catalog.</summary>
public sealed class EvaluationData
{
    /// <param name="train">Items each user played before the split date.</param>
    /// <param name="test">Items each user played from the split date on.</param>
    /// <param name="catalogSize">Number of items in items.parquet (the coverage denominator).</param>
    /// <param name="popularity">Train popularity; computed from <paramref name="train"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="catalogSize"/> is below 1.</exception>
    public EvaluationData(UserLists train, UserLists test, int catalogSize, ItemPopularity? popularity = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfLessThan(catalogSize, 1);
        Train = train;
        Test = test;
        CatalogSize = catalogSize;
        Popularity = popularity ?? ItemPopularity.FromTrain(train);
    }

    public UserLists Train { get; }

    public UserLists Test { get; }

    public int CatalogSize { get; }

    public ItemPopularity Popularity { get; }

    /// <summary>Test users with no train events (docs/seed.md §3), ascending.</summary>
    internal int[] ColdUsers()
    {
        var cold = new List<int>();
        foreach (var user in Test.Users)
        {
            if (Train.IndexOf(user) < 0)
            {
                cold.Add(user);
            }
        }

        return [.. cold];
    }
}
