using System.Net;
using System.Text.Json;

namespace Encore.Server.Tests.Apis;

/// <summary>Asserts that an answer is problem+json with a status and naming a field in <c>errors</c>.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> NamesAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return Names(response.Content.Headers.ContentType?.MediaType, body, status, field);
    }

    public static JsonElement Names(string? mediaType, string body, HttpStatusCode status, string field)
    {
        Assert.True(mediaType == "application/problem+json", $"expected problem+json, got '{mediaType}': {body}");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(
            problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"the problem does not name '{field}' in errors: {body}");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), $"the problem has no detail: {body}");
        return problem;
    }
}
