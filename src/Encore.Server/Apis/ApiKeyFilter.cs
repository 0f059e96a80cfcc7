using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Encore.Server.Apis;

/// <summary>
/// Guards writes and admin endpoints with <see cref="ServerOptions.ApiKey"/> when one is configured: the
/// <c>X-Api-Key</c> header must match, or the answer is 401 problem+json. Without a configured key everything is open.
/// </summary>
internal sealed class ApiKeyFilter(IOptions<ServerOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return next(context);
        }

        var given = context.HttpContext.Request.Headers[Header].ToString();
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(RequestParameters.Rejected(
            StatusCodes.Status401Unauthorized, "API key missing or wrong", Header,
            $"This endpoint needs the service's API key in the {Header} header."));
    }
}

internal static class ApiKeyFilterExtensions
{
    /// <summary>Requires the API key (when one is configured) on <paramref name="builder"/>'s endpoints.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ApiKeyFilter>();
}
