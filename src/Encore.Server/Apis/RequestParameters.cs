using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Encore.Server.Apis;

/// <summary>
/// Parses and checks the ids and k of a request, so every bad value gets the same answer: 400 problem+json whose
/// <c>errors</c> names the parameter, and a detail saying what was expected (the seed answered FastAPI's 422 for a
/// missing or non-integer value and accepted any k, even negative ones).
/// </summary>
internal static class RequestParameters
{
    /// <summary>A required integer id.</summary>
    public static bool TryId(string? raw, string name, out long value, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(raw))
        {
            problem = Invalid(name, $"Parameter '{name}' is required: an integer id.");
            return false;
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            problem = Invalid(name, $"Parameter '{name}' must be an integer id; got '{raw}'.");
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>An optional list length between 1 and <paramref name="max"/>; <paramref name="defaultK"/> when absent.</summary>
    public static bool TryK(string? raw, int defaultK, int max, out int k, [NotNullWhen(false)] out ValidationProblem? problem, string name = "k")
    {
        k = Math.Min(defaultK, max);
        problem = null;
        if (raw is null)
        {
            return true;
        }

        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out k) || k < 1 || k > max)
        {
            problem = Invalid(name, $"Parameter '{name}' must be an integer between 1 and {max}; got '{raw}'.");
            return false;
        }

        return true;
    }

    /// <summary>An optional boolean flag (<c>true</c>/<c>false</c>).</summary>
    public static bool TryFlag(string? raw, string name, out bool value, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        value = false;
        problem = null;
        if (raw is null || bool.TryParse(raw, out value))
        {
            return true;
        }

        problem = Invalid(name, $"Parameter '{name}' must be true or false; got '{raw}'.");
        return false;
    }

    /// <summary>400 problem+json naming <paramref name="name"/>.</summary>
    public static ValidationProblem Invalid(string name, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [name] = [message] },
            detail: message,
            title: "Invalid request parameter");

    /// <summary>A problem+json with another 4xx <paramref name="status"/> that still names <paramref name="name"/> in <c>errors</c>.</summary>
    public static ProblemHttpResult Rejected(int status, string title, string name, string message) =>
        TypedResults.Problem(Problem(status, title, new Dictionary<string, string> { [name] = message }));

    /// <summary>A problem+json naming every field of <paramref name="errors"/>; the detail joins their messages.</summary>
    public static ProblemHttpResult Rejected(int status, string title, IReadOnlyDictionary<string, string> errors) =>
        TypedResults.Problem(Problem(status, title, errors));

    /// <summary>The problem details behind <see cref="Rejected(int, string, string, string)"/>, for middleware that writes them itself.</summary>
    public static HttpValidationProblemDetails Problem(int status, string title, IReadOnlyDictionary<string, string> errors) =>
        new(errors.ToDictionary(e => e.Key, e => new[] { e.Value }))
        {
            Status = status,
            Title = title,
            Detail = string.Join(" ", errors.Values),
        };
}
