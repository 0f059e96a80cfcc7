using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Encore.Server.Apis;

/// <summary>
/// Reads a small JSON request body by hand instead of through minimal-API binding, which answered a bare 400 for
/// any malformed body, and did so before the endpoint's filters (the API key) ran. Read here, inside the handler, the
/// key is checked first and every way the body can be wrong is named: a media type other than JSON is 415 naming
/// Content-Type, a body over <see cref="ServerOptions.MaxRequestBodyBytes"/> is 413 and an empty one 400, both naming
/// <c>body</c>.
/// </summary>
internal static class JsonRequestBody
{
    /// <summary>The name under which problems with the body as a whole appear in <c>errors</c>.</summary>
    public const string Field = "body";

    private const int ChunkBytes = 4096;

    /// <summary>The body's bytes (not empty), or the problem that answers the request.</summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, long limit, string expected, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, RequestParameters.Rejected(
                StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Content-Type",
                $"The body must be JSON (Content-Type: application/json); got '{Shorten(request.ContentType!)}'."));
        }

        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        using var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                // A chunked body has no Content-Length to check up front.
                if (body.Length + read > limit)
                {
                    return (null, TooLarge(limit));
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        if (body.Length == 0)
        {
            return (null, Invalid(Field, $"The body is empty; expected {expected}."));
        }

        return (body.ToArray(), null);
    }

    /// <summary>400 problem+json naming <paramref name="field"/> of the body.</summary>
    public static ProblemHttpResult Invalid(string field, string message) =>
        RequestParameters.Rejected(StatusCodes.Status400BadRequest, "Invalid request body", field, message);

    /// <summary><paramref name="value"/> cut to a length that keeps an error message readable.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Shorten(string? value, int max = 64) => value is null || value.Length <= max ? value : value[..max] + "…";

    // No Content-Type is taken as JSON: the body is parsed as such, and says so if it is not.
    private static bool IsJson(string? contentType) =>
        string.IsNullOrEmpty(contentType)
        || (MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)));

    private static ProblemHttpResult TooLarge(long limit) =>
        RequestParameters.Rejected(
            StatusCodes.Status413PayloadTooLarge, "Request body too large", Field,
            $"The body is larger than this service accepts ({limit} bytes, Server:MaxRequestBodyBytes).");
}
