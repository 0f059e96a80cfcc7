using System.Text;

namespace Encore.Server.Tests.Fuzz;

/// <summary>
/// One generated request, and the names it put at risk (<see cref="Suspects"/>): every parameter, header or part of
/// the body the generator mutated or left out, plus "path" and "method" when it bent those. A 4xx answer must name
/// one of them.
/// </summary>
public sealed record FuzzRequest(
    string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string? ContentType,
    IReadOnlySet<string> Suspects)
{
    /// <summary>The request as an HttpClient sends it, relative to the client's base address.</summary>
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Target, UriKind.Relative));
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }

    /// <summary>A short description to reproduce the request by hand.</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append(Method).Append(' ').Append(Shorten(Target, 300));
        foreach (var (name, value) in Headers)
        {
            text.Append(" | ").Append(name).Append(": ").Append(Shorten(value, 80));
        }

        if (Body is not null)
        {
            text.Append(" | Content-Type: ").Append(ContentType ?? "(none)")
                .Append(" | body: ").Append(Shorten(Encoding.UTF8.GetString(Body), 300));
        }

        return text.Append(" | suspects: ").Append(string.Join(",", Suspects)).ToString();
    }

    private static string Shorten(string value, int max) => value.Length <= max ? value : $"{value[..max]}… ({value.Length} chars)";
}
