#:package DuckDB.NET.Data.Full
// Runs each argument as one DuckDB statement: cli-probe.sh uses it to write Parquet files of the wrong shape.
using DuckDB.NET.Data;

using var connection = new DuckDBConnection("DataSource=:memory:");
connection.Open();
foreach (var sql in args)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
