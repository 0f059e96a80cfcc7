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

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = EncoreCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
