using System.CommandLine;
using Encore.Core.Artifacts.Store;

namespace Encore.Cli.Commands;

/// <summary><c>encore fetch</c>: downloads a published artifact set and verifies every file against its manifest.</summary>
public static class FetchCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Source: s3://bucket/prefix or a directory with manifest.json.", Required = true };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Local artifacts directory; files already there with the manifest's SHA-256 are kept, not downloaded again.",
            Required = true,
        };
        var s3 = new S3Settings();
        var command = new Command("fetch", "Download an artifact set from S3 (or a folder); SHA-256 checked against manifest.json, nothing partial left.")
        {
            from, output,
        };
        s3.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var location = ArtifactLocation.Parse(parse.GetValue(from)!);
            var target = parse.GetValue(output)!;
            var result = cli.WithProgress(progress =>
                ArtifactStore.FetchAsync(location, target, s3.Read(parse), progress, cli.CancellationToken).GetAwaiter().GetResult());
            cli.Output.WriteLine(
                $"Fetched {S3Settings.Describe(result.Copied.Count, result.BytesCopied)} from {location} into {Path.GetFullPath(target)}; " +
                $"{result.Unchanged.Count} already in place.");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
