using Microsoft.ML;
using Microsoft.ML.Data;

namespace Encore.Core.Ranking.LightGbm;

/// <summary>
/// A <see cref="FeatureTable"/> seen as an ML.NET <see cref="IDataView"/> without a per-row object: cursors read the
/// table's row-major buffer straight into ML.NET's vectors, with missing values encoded by <see cref="MissingValue"/>.
/// </summary>
/// <remarks>
/// Columns: <see cref="FeaturesColumn"/> (vector of float), <see cref="LabelColumn"/> (bool for the binary
/// objective, the float relevance for ranking) and <see cref="GroupColumn"/> (a key: group + 1, as key 0 means
/// missing in ML.NET).
/// </remarks>
internal sealed class FeatureTableDataView : IDataView
{
    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";
    public const string GroupColumn = "GroupId";

    // Cancellation is checked once per this many rows, so the check costs nothing per row.
    private const int CancellationStride = 1 << 16;

    private readonly FeatureTable _table;
    private readonly bool _booleanLabel;
    private readonly CancellationToken _cancellationToken;

    public FeatureTableDataView(FeatureTable table, bool booleanLabel, CancellationToken cancellationToken = default)
    {
        _table = table;
        _booleanLabel = booleanLabel;
        _cancellationToken = cancellationToken;
        var groups = table.Groups;
        var maxGroup = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] < 0)
            {
                throw new ArgumentException($"Row {i} has a negative group {groups[i]}.", nameof(table));
            }

            maxGroup = Math.Max(maxGroup, groups[i]);
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumn(FeaturesColumn, new VectorDataViewType(NumberDataViewType.Single, table.Columns));
        builder.AddColumn(LabelColumn, booleanLabel ? BooleanDataViewType.Instance : NumberDataViewType.Single);
        builder.AddColumn(GroupColumn, new KeyDataViewType(typeof(uint), (ulong)maxGroup + 1));
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _table.Rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [new Cursor(this, columnsNeeded)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly FeatureTableDataView _view;
        private readonly bool[] _active;
        private int _row = -1;

        public Cursor(FeatureTableDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = new bool[view.Schema.Count];
            foreach (var column in columnsNeeded)
            {
                _active[column.Index] = true;
            }
        }

        public override long Position => _row;

        public override long Batch => 0;

        public override DataViewSchema Schema => _view.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override bool MoveNext()
        {
            if (_row + 1 >= _view._table.Rows)
            {
                _row = _view._table.Rows;
                return false;
            }

            _row++;
            if (_row % CancellationStride == 0)
            {
                _view._cancellationToken.ThrowIfCancellationRequested();
            }

            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index])
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested from the cursor.");
            }

            Delegate getter = column.Name switch
            {
                FeaturesColumn => (ValueGetter<VBuffer<float>>)GetFeatures,
                LabelColumn when _view._booleanLabel => (ValueGetter<bool>)((ref bool value) => value = _view._table.Label(_row) > 0),
                LabelColumn => (ValueGetter<float>)((ref float value) => value = _view._table.Label(_row)),
                GroupColumn => (ValueGetter<uint>)((ref uint value) => value = (uint)_view._table.Group(_row) + 1),
                _ => throw new ArgumentOutOfRangeException(nameof(column), column.Name, "Not a column of the feature table."),
            };
            return (ValueGetter<TValue>)getter;
        }

        private void GetFeatures(ref VBuffer<float> value)
        {
            var table = _view._table;
            var editor = VBufferEditor.Create(ref value, table.Columns);
            var source = table.Row(_row);
            var destination = editor.Values;
            for (var i = 0; i < source.Length; i++)
            {
                destination[i] = MissingValue.Encode(source[i]);
            }

            value = editor.Commit();
        }
    }
}
