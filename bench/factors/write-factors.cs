#:project ../../src/Encore.Core/Encore.Core.csproj
#:property PublishAot=false

// Times AlsFactorsFileWriter at a given scale: writes user and item factor files of random factors (ALS-like
// magnitudes, same entropy as trained ones) and reads them back with DuckDB. Prints seconds, bytes and peak RSS.
// Usage: dotnet run -c Release bench/factors/write-factors.cs -- <out dir> [users] [items] [factors]
// (defaults: the full-scale model, 1,340,000 users × 900,000 items × 50 factors).
using System.Diagnostics;
using System.Globalization;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;
using Encore.Core.Linalg;

if (args.Length is < 1 or > 4)
{
    Console.Error.WriteLine("usage: write-factors.cs <out dir> [users] [items] [factors]");
    return 2;
}

var users = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_340_000;
var items = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 900_000;
var k = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50;
Directory.CreateDirectory(args[0]);

foreach (var (name, column, rows) in new[] { ("users", "user_id", users), ("items", "item_id", items) })
{
    var random = new Random(rows);
    var factors = new FactorMatrix(rows, k);
    var data = factors.Data;
    for (var i = 0; i < data.Length; i++)
    {
        data[i] = (float)((random.NextDouble() - 0.5) * 0.2);
    }

    // Sparse, ascending external ids, as a real catalogue's are.
    var ids = new long[rows];
    for (var i = 0; i < rows; i++)
    {
        ids[i] = (3L * i) + random.Next(3);
    }

    var path = Path.Combine(args[0], $"{name}.parquet");
    var clock = Stopwatch.StartNew();
    AlsFactorsFileWriter.Write(path, column, factors, IdMap.FromIds(ids));
    var write = clock.Elapsed.TotalSeconds;
    clock.Restart();
    using var db = new DuckDbSession();
    var sum = db.Scalar<double>($"SELECT sum(f{k - 1}) FROM read_parquet({Sql.Literal(path)})");
    var read = clock.Elapsed.TotalSeconds;
    var raw = (long)rows * k * sizeof(float);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {rows:N0} x {k}: write {write:F2} s, {new FileInfo(path).Length / 1048576.0:F1} MiB (floats alone {raw / 1048576.0:F1} MiB), duckdb scan of one column {read:F2} s (sum {sum:F1})"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
return 0;
