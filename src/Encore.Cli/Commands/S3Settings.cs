using System.CommandLine;
using Encore.Core.Artifacts.Store;

namespace Encore.Cli.Commands;

/// <summary>
/// The S3 options <c>publish</c> and <c>fetch</c> share. Each overrides its AWS environment variable; credentials come
/// only from the environment or the AWS files, never from the command line, where they would end up in shell history.
/// </summary>
internal sealed class S3Settings
{
    private readonly Option<string?> _endpoint = new("--endpoint-url")
    {
        Description = "S3-compatible endpoint, e.g. https://storage.yandexcloud.net (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url, else AWS).",
    };

    private readonly Option<string?> _region = new("--region") { Description = "Signing region, e.g. ru-central1 (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)." };

    private readonly Option<string?> _profile = new("--profile") { Description = "Profile of ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE, then default)." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_endpoint);
        command.Options.Add(_region);
        command.Options.Add(_profile);
    }

    /// <summary>The store options given on the command line, the rest from the environment.</summary>
    public S3StoreOptions Read(ParseResult parse) => new()
    {
        EndpointUrl = parse.GetValue(_endpoint),
        Region = parse.GetValue(_region),
        Profile = parse.GetValue(_profile),
    };

    /// <summary>"4 files, 12.3 MB" for a summary line.</summary>
    public static string Describe(int files, long bytes) => $"{files} file{(files == 1 ? "" : "s")}, {bytes / 1e6:N1} MB";
}
