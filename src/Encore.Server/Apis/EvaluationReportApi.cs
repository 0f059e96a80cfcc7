using System.Text.Json;
using Encore.Core.Artifacts;
using Encore.Server.Explorer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Encore.Server.Apis;

/// <summary>One protocol's evaluation: metrics.json as written, and the charts beside it.</summary>
public sealed record EvaluationReport(string Protocol, JsonElement Metrics, IReadOnlyList<string> Charts);

/// <summary>GET /v1/artifacts/evaluation.</summary>
public sealed record EvaluationResponse(IReadOnlyList<EvaluationReport> Reports, string? Note = null);

/// <summary>
/// The offline evaluation (<c>encore evaluate</c>'s metrics.json and PNG charts) from <see cref="ExplorerOptions.ReportDirectory"/>,
/// for the explorer's model report. Charts are served only by the names found in that folder, so a request cannot
/// reach any other file.
/// </summary>
public static class EvaluationReportApi
{
    public static IEndpointRouteBuilder MapEvaluationReportApi(this IEndpointRouteBuilder app)
    {
        var evaluation = app.MapGroup("/v1/artifacts/evaluation").WithTags("Explorer");
        evaluation.MapGet("", GetEvaluation)
            .WithSummary("The offline evaluation's metrics per protocol and the names of its charts (Explorer:ReportDirectory).");
        evaluation.MapGet("/{protocol}/{chart}", GetChart).WithSummary("One chart of the offline evaluation (PNG).");
        return app;
    }

    public static Ok<EvaluationResponse> GetEvaluation(IOptions<ExplorerOptions> options)
    {
        var directory = options.Value.ReportDirectory;
        if (string.IsNullOrEmpty(directory))
        {
            return TypedResults.Ok(new EvaluationResponse(
                [], $"No report folder configured ({ExplorerOptions.Section}:ReportDirectory): the evaluation is not part of the artifact set."));
        }

        var reports = new List<EvaluationReport>();
        foreach (var (protocol, folder) in Folders(directory))
        {
            try
            {
                using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, ArtifactFiles.Metrics)));
                reports.Add(new EvaluationReport(protocol, metrics.RootElement.Clone(), Charts(folder)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                // A folder being rewritten by evaluate, or not an evaluation: left out.
            }
        }

        return TypedResults.Ok(new EvaluationResponse(
            reports, reports.Count == 0 ? $"No {ArtifactFiles.Metrics} in the report folder ({Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))})." : null));
    }

    public static Results<PhysicalFileHttpResult, ProblemHttpResult> GetChart(string protocol, string chart, IOptions<ExplorerOptions> options)
    {
        var folder = string.IsNullOrEmpty(options.Value.ReportDirectory)
            ? null
            : Folders(options.Value.ReportDirectory).FirstOrDefault(f => f.Protocol == protocol).Folder;
        if (folder is null || !Charts(folder).Contains(chart, StringComparer.Ordinal))
        {
            return RequestParameters.Rejected(
                StatusCodes.Status404NotFound, "Unknown chart", "chart", $"The report has no chart '{chart}' for protocol '{protocol}'.");
        }

        return TypedResults.PhysicalFile(Path.GetFullPath(Path.Combine(folder, chart)), "image/png");
    }

    // The report folder itself when it holds metrics.json, and each folder in it that does (one per protocol).
    private static IEnumerable<(string Protocol, string Folder)> Folders(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        if (File.Exists(Path.Combine(directory, ArtifactFiles.Metrics)))
        {
            yield return (Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))), directory);
        }

        foreach (var folder in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(folder, ArtifactFiles.Metrics)))
            {
                yield return (Path.GetFileName(folder), folder);
            }
        }
    }

    private static string[] Charts(string folder) =>
        [.. Directory.GetFiles(folder, "*.png").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
}
