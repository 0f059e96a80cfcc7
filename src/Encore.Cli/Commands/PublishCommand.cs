using System.CommandLine;
using Encore.Core.Artifacts.Store;

namespace Encore.Cli.Commands;

/// <summary><c>encore publish</c>: uploads a trained artifact set to a folder or s3://bucket/prefix, manifest last.</summary>
public static class PublishCommand
{
    public static Command Create()
    {
        var artifacts = new Option<string>("--artifacts")
        {
            Description = "Artifacts directory with manifest.json (from train); every file the manifest lists is published.",
            Required = true,
        };
        var to = new Option<string>("--to") { Description = "Destination: s3://bucket/prefix or a directory.", Required = true };
        var s3 = new S3Settings();
        var command = new Command("publish", "Upload an artifact set to S3 (or a folder); files are checked against manifest.json, which goes up last.")
        {
            artifacts, to,
        };
        s3.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var location = ArtifactLocation.Parse(parse.GetValue(to)!);
            var source = parse.GetValue(artifacts)!;
            var result = cli.WithProgress(progress =>
                ArtifactStore.PublishAsync(source, location, s3.Read(parse), progress, cli.CancellationToken).GetAwaiter().GetResult());
            cli.Output.WriteLine(
                $"Published {S3Settings.Describe(result.Copied.Count, result.BytesCopied)} and manifest.json to {location}; " +
                $"{result.Unchanged.Count} already there unchanged.");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
