using Encore.Core.Data;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Protocols;

namespace Encore.Core.Evaluation.Offline;

/// <summary>
/// What every model is judged against, read from a prepared data directory: the time split of events.parquet
/// at split.json's date, the train/test sets and the catalog.
/// </summary>
public sealed class EvaluationInputs
{
    private EvaluationInputs(DateOnly splitDate, EventLog train, EventLog test, EvaluationData data, int[] catalogItems, int[] testUsersInOrder)
    {
        SplitDate = splitDate;
        TrainEvents = train;
        TestEvents = test;
        Data = data;
        CatalogItems = catalogItems;
        TestUsersInOrder = testUsersInOrder;
    }

    public DateOnly SplitDate { get; }

    /// <summary>The prepared data's folder (items.parquet's tags are read from it for a source that needs them).</summary>
    public string DataDirectory { get; private init; } = "";

    /// <summary>Train listens in file order: the history that <c>similar_to_history</c> starts from.</summary>
    public EventLog TrainEvents { get; }

    /// <summary>Test listens in file order: within a listener, the order they were played in (the replay evaluation's input).</summary>
    public EventLog TestEvents { get; }

    /// <summary>Train and test sets, train popularity and the catalog size.</summary>
    public EvaluationData Data { get; }

    /// <summary>Item ids of items.parquet, ascending.</summary>
    public int[] CatalogItems { get; }

    /// <summary>Test users in order of their first test listen (the seed's <c>events_test.user_id.unique()</c>).</summary>
    public int[] TestUsersInOrder { get; }

    /// <summary>Reads events.parquet, split.json and items.parquet of <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="EncoreException">A file is missing or malformed (the message names it).</exception>
    public static EvaluationInputs Load(string dataDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var splitDate = SplitJson.ReadSplitDate(Path.Combine(dataDirectory, FileNames.Split));
        var catalog = ItemsFileReader.ReadItemIds(Path.Combine(dataDirectory, FileNames.Items));
        if (catalog.Length == 0)
        {
            throw new EncoreException($"{Path.Combine(dataDirectory, FileNames.Items)}: no items; the catalog must not be empty.");
        }

        var events = EventLog.Read(Path.Combine(dataDirectory, FileNames.Events), cancellationToken);
        var (train, test) = events.SplitAt(splitDate);
        var trainItems = UserLists.FromPairs(train.Users, train.Items);
        var testItems = UserLists.FromPairs(test.Users, test.Items);
        var data = new EvaluationData(trainItems, testItems, catalog.Length);
        return new EvaluationInputs(splitDate, train, test, data, catalog, FirstAppearance(test.Users)) { DataDirectory = dataDirectory };
    }

    private static int[] FirstAppearance(int[] users)
    {
        var seen = new HashSet<int>();
        var order = new List<int>();
        foreach (var user in users)
        {
            if (seen.Add(user))
            {
                order.Add(user);
            }
        }

        return [.. order];
    }
}
