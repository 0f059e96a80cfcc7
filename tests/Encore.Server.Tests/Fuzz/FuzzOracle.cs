using System.Text.Json;
using System.Text.RegularExpressions;

namespace Encore.Server.Tests.Fuzz;

/// <summary>
/// Judges the answer to a <see cref="FuzzRequest"/>: never 5xx, and every 4xx is application/problem+json with its
/// status and a detail, naming one of the request's suspects: as a key of <c>errors</c> when it has them (then only
/// there), otherwise as a word of the detail (the framework's 404 and 405 name "the path" and "the method").
/// </summary>
public static partial class FuzzOracle
{
    /// <summary>Why the answer is wrong, or null when it is right.</summary>
    public static string? Judge(FuzzRequest request, int status, string? mediaType, string body)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (status >= 500)
        {
            return $"answered {status}";
        }

        if (status < 400)
        {
            return null;
        }

        if (mediaType != "application/problem+json")
        {
            return $"answered {status} as '{mediaType}', not application/problem+json";
        }

        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return $"answered {status} with a body that is not JSON ({e.Message})";
        }

        if (!problem.TryGetProperty("status", out var stated) || stated.ValueKind != JsonValueKind.Number || stated.GetInt32() != status)
        {
            return $"answered {status} with a problem whose status differs";
        }

        var detail = problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
        if (detail.Length == 0)
        {
            return $"answered {status} with a problem without a detail";
        }

        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            var named = errors.EnumerateObject().Select(e => e.Name).ToList();
            return named.Any(request.Suspects.Contains)
                ? null
                : $"answered {status} naming [{string.Join(", ", named)}], none of the suspects";
        }

        var words = Word().Matches(detail).Select(m => m.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return request.Suspects.Any(words.Contains) ? null : $"answered {status} with a detail naming none of the suspects";
    }

    [GeneratedRegex(@"[A-Za-z_\-]+")]
    private static partial Regex Word();
}
