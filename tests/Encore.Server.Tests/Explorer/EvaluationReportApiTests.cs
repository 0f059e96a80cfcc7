using System.Net;
using Encore.Server.Tests.Serving;
using Microsoft.Extensions.Options;

namespace Encore.Server.Tests.Explorer;

/// <summary>
/// /v1/artifacts/evaluation: <c>encore evaluate</c>'s metrics.json and charts from Explorer:ReportDirectory (one folder
/// per protocol), served by the names found there and nothing else.
/// </summary>
public sealed class EvaluationReportApiTests : IDisposable
{
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private readonly TinyArtifacts _artifacts = new();
    private readonly TempDirectory _report = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public EvaluationReportApiTests()
    {
        var standard = Directory.CreateDirectory(Path.Combine(_report.Path, "standard")).FullName;
        File.WriteAllText(Path.Combine(standard, "metrics.json"), """{"protocol": "standard", "k": [10], "models": {"als": {"ndcg@10": 0.25}}}""");
        File.WriteAllBytes(Path.Combine(standard, "models.png"), s_png);
        File.WriteAllText(Path.Combine(_report.Path, "secret.png"), "not in a protocol folder");
        Directory.CreateDirectory(Path.Combine(_report.Path, "empty"));
    }

    public void Dispose()
    {
        _artifacts.Dispose();
        _report.Dispose();
    }

    [Fact]
    public async Task EachProtocolsMetricsAndChartsAreServed()
    {
        await using var host = await StartAsync(_report.Path);

        var json = await host.Client.GetJsonAsync("/v1/artifacts/evaluation");

        var report = Assert.Single(json.GetProperty("reports").EnumerateArray());
        Assert.Equal("standard", report.GetProperty("protocol").GetString());
        Assert.Equal(0.25, report.GetProperty("metrics").GetProperty("models").GetProperty("als").GetProperty("ndcg@10").GetDouble());
        Assert.Equal(["models.png"], report.GetProperty("charts").EnumerateArray().Select(c => c.GetString()));
        using var chart = await host.Client.GetAsync("/v1/artifacts/evaluation/standard/models.png", Ct);
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("image/png", chart.Content.Headers.ContentType?.MediaType);
        Assert.Equal(s_png, await chart.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("/v1/artifacts/evaluation/standard/missing.png")]
    [InlineData("/v1/artifacts/evaluation/standard/metrics.json")]
    [InlineData("/v1/artifacts/evaluation/empty/models.png")]
    [InlineData("/v1/artifacts/evaluation/standard/..%2Fsecret.png")]
    [InlineData("/v1/artifacts/evaluation/..%2Fstandard/models.png")]
    public async Task OnlyTheChartsFoundInAProtocolFolderAreServed(string path)
    {
        await using var host = await StartAsync(_report.Path);

        using var response = await host.Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WithoutAReportFolderTheEvaluationIsEmptyAndSaysWhy()
    {
        await using var host = await StartAsync(null);

        var json = await host.Client.GetJsonAsync("/v1/artifacts/evaluation");

        Assert.Equal(0, json.GetProperty("reports").GetArrayLength());
        Assert.Contains("Explorer:ReportDirectory", json.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportFolderThatDoesNotExistStopsTheServiceFromStarting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartAsync(Path.Combine(_report.Path, "nowhere")));
        Assert.Contains("Explorer:ReportDirectory: directory not found.", error.Message, StringComparison.Ordinal);
    }

    private Task<ServiceHost> StartAsync(string? report) =>
        ServiceHost.StartAsync(report is null
            ? [$"Artifacts:Location={_artifacts.Directory}"]
            : [$"Artifacts:Location={_artifacts.Directory}", $"Explorer:ReportDirectory={report}"]);
}
