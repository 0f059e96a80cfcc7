using Encore.Core.Artifacts;
using Encore.Core.Data;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;
using Encore.Core.Models.Als;

namespace Encore.Core.Training;

/// <summary>
/// The ranker's fit part (train minus the label window), fitted once in train: its ALS model is saved as
/// fit_part_als.bin for the ranker's training rows, and its factors are where the all-data fit starts. Leak-free: the
/// fit part holds no label-window listen, exactly what the ranker would fit on itself.
/// </summary>
internal sealed class RankerFitPart
{
    /// <summary>manifest.json's parameter naming the label window the fit part was cut with (absent when none was).</summary>
    public const string LabelWindowParameter = "fit_part_label_window_days";

    private RankerFitPart(FactorMatrix users, FactorMatrix items, IdMap userIds, IdMap itemIds)
    {
        Users = users;
        Items = items;
        UserIds = userIds;
        ItemIds = itemIds;
    }

    public FactorMatrix Users { get; }

    public FactorMatrix Items { get; }

    public IdMap UserIds { get; }

    public IdMap ItemIds { get; }

    /// <summary>The listens before the label window of <paramref name="days"/> days that ends at <paramref name="splitDate"/>.</summary>
    public static EventLog Cut(EventLog train, DateOnly splitDate, int days) =>
        train.Window(int.MinValue, EventLog.DayOf(splitDate) - days);

    /// <summary>
    /// Fits ALS on the fit part of <paramref name="train"/> as the ranker would (same matrix, options and seed) and
    /// saves it to <paramref name="modelPath"/>.
    /// </summary>
    /// <exception cref="EncoreException">The fit part or the label window is empty; the message names label_window_days.</exception>
    public static RankerFitPart Fit(
        EventLog train, string dataDirectory, DateOnly splitDate, int days, TrainOptions options, string modelPath,
        IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        var fit = Cut(train, splitDate, days);
        if (fit.Count == 0 || fit.Count == train.Count)
        {
            // The ranker would stop here too; saying so now saves the all-data fit.
            throw new EncoreException(
                $"Parameter 'label_window_days' = {days} leaves {fit.Count:N0} listens to fit on and {train.Count - fit.Count:N0} to label with " +
                $"before {splitDate:yyyy-MM-dd}; both must be non-empty.");
        }

        var catalog = ItemsFileReader.ReadItemIds(Path.Combine(dataDirectory, FileNames.Items));
        var dataset = Dataset.Build(fit, catalog, options.Values);
        var als = new AlsRecommender(options.Als);
        progress.Report(new ProgressUpdate("ALS on the ranker's fit part", 0, 0));
        als.Fit(dataset.UserItems, progress, cancellationToken: cancellationToken);
        AlsModelFile.Save(modelPath, als, dataset.Users, dataset.Items);
        return new RankerFitPart(als.UserFactors, als.ItemFactors, dataset.Users, dataset.Items);
    }

    /// <summary>The all-data fit's start: each row of <paramref name="users"/> × <paramref name="items"/> from its row here, if any.</summary>
    public AlsWarmStart WarmStart(IdMap users, IdMap items, int iterations) =>
        new(Users, Items, RowsOf(users, UserIds), RowsOf(items, ItemIds), iterations);

    private static int[] RowsOf(IdMap to, IdMap from)
    {
        var rows = new int[to.Count];
        var ids = to.ExternalIds;
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = from.TryToInternal(ids[r], out var row) ? row : -1;
        }

        return rows;
    }
}
