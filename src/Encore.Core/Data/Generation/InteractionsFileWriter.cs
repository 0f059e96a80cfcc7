using Encore.Core.Data.Parquet;
using Parquet;
using Parquet.Schema;

namespace Encore.Core.Data.Generation;

/// <summary>
/// Streams interactions.parquet: <c>user_id int32, track_id int32, track_seq int16, started_at timestamp</c>
/// (docs/seed.md §1.3) in row groups of exactly <see cref="RowGroupSize"/> rows, whatever the block sizes, so
/// that the bytes do not depend on how the users were split between threads.
/// </summary>
internal sealed class InteractionsFileWriter : IAsyncDisposable
{
    public const int RowGroupSize = 1_000_000;

    private static readonly DateTime[] s_dates = BuildDates();

    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private readonly DataField[] _fields;
    private readonly int[] _userIds;
    private readonly int[] _trackIds;
    private readonly short[] _sequence;
    private readonly DateTime[] _startedAt;
    private int _rows;

    private InteractionsFileWriter(FileStream stream, ParquetWriter writer, DataField[] fields, int capacity)
    {
        _stream = stream;
        _writer = writer;
        _fields = fields;
        _userIds = new int[capacity];
        _trackIds = new int[capacity];
        _sequence = new short[capacity];
        _startedAt = new DateTime[capacity];
    }

    public long Written { get; private set; }

    public static async Task<InteractionsFileWriter> CreateAsync(string path, CancellationToken cancellationToken)
    {
        var userId = new DataField<int>(Columns.UserId);
        var trackId = new DataField<int>(Columns.TrackId);
        var sequence = new DataField<short>(Columns.TrackSeq);
        var startedAt = ParquetFiles.Timestamp(Columns.StartedAt);
        var schema = new ParquetSchema(userId, trackId, sequence, startedAt);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        try
        {
            var writer = await ParquetWriter.CreateAsync(
                schema, stream, ParquetFiles.WriteOptions(userId, trackId, sequence), cancellationToken: cancellationToken);
            return new InteractionsFileWriter(stream, writer, schema.GetDataFields(), RowGroupSize);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Appends a block's rows, writing every row group that fills up.</summary>
    public async Task AppendAsync(ListenBlock block, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < block.Count)
        {
            var take = Math.Min(block.Count - offset, _userIds.Length - _rows);
            Array.Copy(block.UserIds, offset, _userIds, _rows, take);
            Array.Copy(block.TrackIds, offset, _trackIds, _rows, take);
            Array.Copy(block.Sequence, offset, _sequence, _rows, take);
            var days = block.Days.AsSpan(offset, take);
            var dates = _startedAt.AsSpan(_rows, take);
            for (var i = 0; i < days.Length; i++)
            {
                dates[i] = s_dates[days[i]];
            }

            _rows += take;
            offset += take;
            if (_rows == _userIds.Length)
            {
                await FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>Writes the last, partial row group.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _stream.DisposeAsync();
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_rows == 0)
        {
            return;
        }

        using (var rowGroup = _writer.CreateRowGroup())
        {
            await rowGroup.WriteAsync<int>(_fields[0], _userIds.AsMemory(0, _rows), cancellationToken: cancellationToken);
            await rowGroup.WriteAsync<int>(_fields[1], _trackIds.AsMemory(0, _rows), cancellationToken: cancellationToken);
            await rowGroup.WriteAsync<short>(_fields[2], _sequence.AsMemory(0, _rows), cancellationToken: cancellationToken);
            await rowGroup.WriteAsync<DateTime>(_fields[3], _startedAt.AsMemory(0, _rows), cancellationToken: cancellationToken);
            rowGroup.CompleteValidate();
        }

        Written += _rows;
        _rows = 0;
    }

    private static DateTime[] BuildDates()
    {
        var dates = new DateTime[ListenCalendar.Days];
        for (var d = 0; d < dates.Length; d++)
        {
            dates[d] = ListenCalendar.Date(d);
        }

        return dates;
    }
}
