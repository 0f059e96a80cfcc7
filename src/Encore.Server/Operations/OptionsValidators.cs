using Encore.Core;
using Encore.Core.Artifacts.Store;
using Encore.Core.Serving;
using Microsoft.Extensions.Options;

namespace Encore.Server.Operations;

/// <summary>Checks the "Server" section; messages name each option by its configuration path.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    private static readonly string[] s_roles =
        [ServerOptions.AllRoles, ServerOptions.RecommendationsRole, ServerOptions.FeaturesRole, ServerOptions.EventsRole];

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var errors = new List<string>();
        if (!s_roles.Contains(options.Role))
        {
            errors.Add($"{ServerOptions.Section}:Role must be one of {string.Join(", ", s_roles)}; got '{options.Role}'.");
        }

        if (options.MaxRequestBodyBytes < 1)
        {
            errors.Add($"{ServerOptions.Section}:MaxRequestBodyBytes must be positive; got {options.MaxRequestBodyBytes}.");
        }

        if (options.MaxRequestHeadersBytes < 1024)
        {
            errors.Add($"{ServerOptions.Section}:MaxRequestHeadersBytes must be at least 1024; got {options.MaxRequestHeadersBytes}.");
        }

        if (options.MaxRequestHeaderCount is < 10 or > 10_000)
        {
            errors.Add($"{ServerOptions.Section}:MaxRequestHeaderCount must be between 10 and 10000; got {options.MaxRequestHeaderCount}.");
        }

        if (options.MaxRequestTargetBytes is < 256 or > 1024 * 1024)
        {
            errors.Add($"{ServerOptions.Section}:MaxRequestTargetBytes must be between 256 and 1048576; got {options.MaxRequestTargetBytes}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks the "Artifacts" section: every role but events needs a location.</summary>
internal sealed class ArtifactsOptionsValidator(IOptions<ServerOptions> server) : IValidateOptions<ArtifactsOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactsOptions options)
    {
        if (server.Value.Role == ServerOptions.EventsRole)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.Location))
        {
            return ValidateOptionsResult.Fail(
                $"{ArtifactsOptions.Section}:Location is required: a directory written by 'encore train', or s3://bucket/prefix (encore serve --artifacts).");
        }

        try
        {
            ArtifactLocation.Parse(options.Location);
        }
        catch (EncoreException e)
        {
            return ValidateOptionsResult.Fail($"{ArtifactsOptions.Section}:Location: {e.Message}");
        }

        if (options.WatchDebounce < TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{ArtifactsOptions.Section}:WatchDebounce must not be negative; got {options.WatchDebounce}.");
        }

        return options.PollInterval < TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{ArtifactsOptions.Section}:PollInterval must not be negative (zero turns polling off); got {options.PollInterval}.")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>Checks the "Peers" section: the recommendations role needs the features role's URL.</summary>
internal sealed class PeersOptionsValidator(IOptions<ServerOptions> server) : IValidateOptions<PeersOptions>
{
    public ValidateOptionsResult Validate(string? name, PeersOptions options)
    {
        var errors = new List<string>();
        if (server.Value.Role == ServerOptions.RecommendationsRole
            && (options.FeaturesUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{PeersOptions.Section}:FeaturesUrl must be the absolute http(s) URL of the features role when {ServerOptions.Section}:Role is recommendations; got '{options.FeaturesUrl}'.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalTimeout < options.AttemptTimeout)
        {
            errors.Add($"{PeersOptions.Section}:AttemptTimeout must be positive and at most {PeersOptions.Section}:TotalTimeout; got {options.AttemptTimeout} and {options.TotalTimeout}.");
        }

        if (options.Retries is < 0 or > 10)
        {
            errors.Add($"{PeersOptions.Section}:Retries must be between 0 and 10; got {options.Retries}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks the "Recommendations" section (<see cref="RecommendationOptions.Validate"/>).</summary>
internal sealed class RecommendationOptionsValidator : IValidateOptions<RecommendationOptions>
{
    public ValidateOptionsResult Validate(string? name, RecommendationOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
