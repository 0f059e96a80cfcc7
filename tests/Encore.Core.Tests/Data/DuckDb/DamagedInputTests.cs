using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Tests.Artifacts;

namespace Encore.Core.Tests.Data.DuckDb;

/// <summary>
/// What train and evaluate read (events.parquet, items.parquet) fails with one error naming the file, whatever DuckDB
/// or the reader threw: a damaged page, a truncated file, a column of the wrong type.
/// </summary>
public sealed class DamagedInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public DamagedInputTests()
    {
        ArtifactFixture.Write(_dir.Combine(FileNames.Items), "SELECT i::INTEGER AS item_id FROM range(1000) t(i)");
        ArtifactFixture.Write(_dir.Combine(FileNames.Events), """
            SELECT (i // 20)::INTEGER AS user_id, (i % 1000)::INTEGER AS item_id,
                   TIMESTAMP '2022-12-01 00:00:00' + to_seconds(i) AS started_at
            FROM range(60000) t(i)
            """);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheUndamagedFilesRead() =>
        Assert.Equal(3000, Dataset.Read(_dir.Path, new DateOnly(2022, 12, 16), InteractionValues.PlayCount, Token).Users.Count);

    [Fact]
    public void ACorruptDataPageInEventsIsANamedErrorForTrainAndEvaluate()
    {
        var events = _dir.Combine(FileNames.Events);
        ParquetDamage.CorruptDataPages(events);

        var train = Assert.Throws<EncoreException>(() => Dataset.Read(_dir.Path, new DateOnly(2022, 12, 16), InteractionValues.PlayCount, Token));
        var evaluate = Assert.Throws<EncoreException>(() => EventLog.Read(events, Token));

        Assert.StartsWith($"{events}: ", train.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{events}: ", evaluate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedItemsFileIsANamedError()
    {
        var items = _dir.Combine(FileNames.Items);
        ParquetDamage.Truncate(items);

        var error = Assert.Throws<EncoreException>(() => Dataset.Read(_dir.Path, new DateOnly(2022, 12, 16), InteractionValues.PlayCount, Token));

        Assert.StartsWith($"{items}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATextItemIdIsAnErrorNamingTheFileAndColumnNotAnInvalidCast()
    {
        var items = ArtifactFixture.Write(_dir.Combine(FileNames.Items), "SELECT CAST(i AS VARCHAR) AS item_id FROM range(10) t(i)");

        var error = Assert.Throws<EncoreException>(() => Dataset.Read(_dir.Path, new DateOnly(2022, 12, 16), InteractionValues.PlayCount, Token));

        Assert.Equal($"{items}: column 'item_id' has type VARCHAR, expected INTEGER.", error.Message);
    }
}
