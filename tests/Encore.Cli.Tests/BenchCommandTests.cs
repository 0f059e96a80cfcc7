using System.CommandLine;
using System.Text.Json;

namespace Encore.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public void BenchAlsPrintsProgressThenOneJsonObjectAsTheLastLine()
    {
        var (code, output, error) = Run("bench", "als", "--synthetic", "300x120x3000", "--factors", "8", "--iterations", "3", "--threads", "2", "--seed", "5");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("iteration 3/3", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        Assert.True(root.GetProperty("s_per_iter").GetDouble() > 0);
        Assert.True(root.GetProperty("fit_s").GetDouble() > 0);
        Assert.True(root.GetProperty("final_loss").GetDouble() > 0);
        Assert.True(root.GetProperty("gflops").GetDouble() > 0);
        Assert.Equal(300, root.GetProperty("users").GetInt32());
        Assert.Equal(120, root.GetProperty("items").GetInt32());
        Assert.Equal(3000, root.GetProperty("nnz").GetInt32());
        Assert.Equal(8, root.GetProperty("factors").GetInt32());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
    }

    [Fact]
    public void BenchAlsReadsAnInteractionFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"encore-bench-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, ["user_id,item_id,weight", "10,7,2", "10,8,1", "11,7,1", "12,9,3", "12,8,1"]);
        try
        {
            var (code, output, _) = Run("bench", "als", "--input", path, "--factors", "4", "--iterations", "2", "--solver", "cholesky", "--confidence", "one_plus_alpha_times_value");
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[^1]);
            Assert.Equal(3, json.RootElement.GetProperty("users").GetInt32());
            Assert.Equal(5, json.RootElement.GetProperty("nnz").GetInt32());
            Assert.Equal("cholesky", json.RootElement.GetProperty("solver").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadSyntheticShapeGivesOneLineErrorAndExitCodeOne()
    {
        var (code, _, error) = Run("bench", "als", "--synthetic", "100by20");
        Assert.Equal(1, code);
        Assert.StartsWith("error: --synthetic must look like USERSxITEMSxNNZ", error, StringComparison.Ordinal);
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void InvalidAlsParameterNamesIt()
    {
        var (code, _, error) = Run("bench", "als", "--synthetic", "10x10x20", "--factors", "0");
        Assert.Equal(1, code);
        Assert.Contains("'factors'", error);
    }

    [Fact]
    public void CurveReportCollectsTheSizeFoldersIntoCurveJsonAChartAndTables()
    {
        var run = Path.Combine(Path.GetTempPath(), $"encore-curve-{Guid.NewGuid():N}");
        try
        {
            // prepare's time doubles with the listens (exponent 1), train's quadruples (exponent 2).
            WriteCurveSize(run, "1_4", 0.25, 1_000_000, prepareSeconds: 10, trainSeconds: 40);
            WriteCurveSize(run, "1_2", 0.5, 2_000_000, prepareSeconds: 20, trainSeconds: 160);

            var (code, output, error) = Run("bench", "curve-report", "--run", run);

            Assert.True(code == 0, error);
            using var curve = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "curve.json")));
            Assert.Equal(2, curve.RootElement.GetProperty("points").GetArrayLength());
            Assert.True(new FileInfo(Path.Combine(run, "scale_curve.png")).Length > 1000);
            var tables = File.ReadAllText(Path.Combine(run, "scale_curve.md"));
            Assert.Contains("| prepare | 1.00 |", tables, StringComparison.Ordinal);
            Assert.Contains("| train | 2.00 |", tables, StringComparison.Ordinal);
            Assert.Contains("| 1/2 | 686,610 | 500,000 | 2,000,000 | 20.0 | 160.0 | 180.0 | ok |", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    [Fact]
    public void CurveReportNeedsExactlyOneOfRunAndCurve()
    {
        var (code, _, error) = Run("bench", "curve-report");
        Assert.Equal(1, code);
        Assert.StartsWith("error: curve-report needs exactly one of --run DIR or --curve FILE", error, StringComparison.Ordinal);

        var missing = Path.Combine(Path.GetTempPath(), $"encore-curve-{Guid.NewGuid():N}", "curve.json");
        (code, _, error) = Run("bench", "curve-report", "--curve", missing);
        Assert.Equal(1, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    private static void WriteCurveSize(string run, string folder, double scale, long listens, double prepareSeconds, double trainSeconds)
    {
        var path = Path.Combine(run, $"size-{folder}");
        Directory.CreateDirectory(path);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        File.WriteAllText(Path.Combine(path, "size.json"), $$"""
            { "scale": {{scale.ToString(invariant)}}, "size": "{{folder.Replace('_', '/')}}", "users": {{(long)(1373220 * scale)}},
              "tracks": {{(long)(1000000 * scale)}}, "raw_listens": {{listens}}, "status": "ok", "failed_step": "", "failure": "",
              "wall_s": {{(prepareSeconds + trainSeconds).ToString(invariant)}}, "gnu_time_max_rss_kb": 1024, "raw_bytes": 10, "output_bytes": 20 }
            """);
        File.WriteAllText(Path.Combine(path, "pipeline.json"), $$"""
            { "format_version": 1, "steps": [
              { "step": "prepare", "status": 0, "seconds": {{prepareSeconds.ToString(invariant)}}, "peak_rss_bytes": {{listens * 100}} },
              { "step": "train", "status": 0, "seconds": {{trainSeconds.ToString(invariant)}}, "peak_rss_bytes": {{listens * 300}} } ] }
            """);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = EncoreCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
