using Encore.Core.Artifacts;
using Encore.Core.Data.Parquet;
using Parquet;
using Parquet.Schema;

namespace Encore.Core.Ranking;

/// <summary>
/// recommendations.parquet, written while the ranker scores, list after list: <c>user_id int32, item_id int32,
/// score double, rank int32</c> and, when asked for, one nullable FLOAT column per ranker feature (null where the
/// feature is missing, as LightGBM saw it). Only one row group is buffered, so neither the lists nor their features
/// are ever held for all users (at full scale the features alone would be 8 GB); the bytes depend only on the rows.
/// </summary>
internal sealed class RecommendationsFileWriter : IDisposable
{
    /// <summary>Rows per row group with feature columns: ~75 MB buffered for 31 features instead of 300 MB.</summary>
    public const int FeatureRowGroupSize = 1 << 18;

    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private readonly DataField[] _fields;
    private readonly int _capacity;
    private readonly int[] _users;
    private readonly int[] _items;
    private readonly double[] _scores;
    private readonly int[] _ranks;
    private readonly float?[][] _features;
    private int _count;
    private bool _completed;

    /// <param name="path">The file to write.</param>
    /// <param name="featureNames">Feature columns to add after rank; empty for the four columns only.</param>
    public RecommendationsFileWriter(string path, IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        var user = new DataField<int>(Columns.UserId);
        var rank = new DataField<int>(Columns.Rank);
        _fields = [user, new DataField<int>(Columns.ItemId), new DataField<double>(Columns.Score), rank,
            .. featureNames.Select(name => new DataField<float?>(name))];
        _capacity = featureNames.Count == 0 ? ArtifactFiles.RowGroupSize : FeatureRowGroupSize;
        _users = new int[_capacity];
        _items = new int[_capacity];
        _scores = new double[_capacity];
        _ranks = new int[_capacity];
        _features = [.. featureNames.Select(_ => new float?[_capacity])];
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        _writer = ParquetWriter.CreateAsync(new ParquetSchema(_fields), _stream, ParquetFiles.WriteOptions(user, rank))
            .GetAwaiter().GetResult();
    }

    /// <summary>Feature columns after rank (0 = none).</summary>
    public int FeatureColumns => _features.Length;

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one row; <paramref name="features"/> holds every feature (NaN = missing), or nothing when the file has no feature columns.</summary>
    public void Add(int user, int item, double score, int rank, ReadOnlySpan<float> features)
    {
        if (features.Length != _features.Length)
        {
            throw new ArgumentException($"{features.Length} features for {_features.Length} feature columns.", nameof(features));
        }

        if (_count == _capacity)
        {
            Flush(CancellationToken.None);
        }

        _users[_count] = user;
        _items[_count] = item;
        _scores[_count] = score;
        _ranks[_count] = rank;
        for (var f = 0; f < _features.Length; f++)
        {
            _features[f][_count] = float.IsNaN(features[f]) ? null : features[f];
        }

        _count++;
        Rows++;
    }

    /// <summary>Writes the last row group and the footer.</summary>
    public void Complete(CancellationToken cancellationToken)
    {
        Flush(cancellationToken);
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _completed = true;
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _stream.Dispose();
    }

    private void Flush(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        using (var rowGroup = _writer.CreateRowGroup())
        {
            rowGroup.WriteAsync<int>(_fields[0], _users.AsMemory(0, _count), cancellationToken: cancellationToken).GetAwaiter().GetResult();
            rowGroup.WriteAsync<int>(_fields[1], _items.AsMemory(0, _count), cancellationToken: cancellationToken).GetAwaiter().GetResult();
            rowGroup.WriteAsync<double>(_fields[2], _scores.AsMemory(0, _count), cancellationToken: cancellationToken).GetAwaiter().GetResult();
            rowGroup.WriteAsync<int>(_fields[3], _ranks.AsMemory(0, _count), cancellationToken: cancellationToken).GetAwaiter().GetResult();
            for (var f = 0; f < _features.Length; f++)
            {
                rowGroup.WriteAsync<float>(_fields[4 + f], _features[f].AsMemory(0, _count), cancellationToken: cancellationToken)
                    .GetAwaiter().GetResult();
            }

            rowGroup.CompleteValidate();
        }

        _count = 0;
    }
}
