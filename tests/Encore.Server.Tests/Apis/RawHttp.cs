using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Encore.Server.Tests.Apis;

/// <summary>
/// Sends bytes no HttpClient would (a NUL in the path, a malformed chunked body) to a real Kestrel on loopback and reads the
/// whole answer: the status, the headers and the body.
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Sends <paramref name="request"/> as it is and reads until the server closes the connection.</summary>
    public static async Task<Answer> SendAsync(Uri server, string request, CancellationToken cancellationToken)
    {
        var text = await ExchangeAsync(server, request, cancellationToken);
        Assert.True(text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal), $"no answer: '{text}'");
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = (split < 0 ? text : text[..split]).Split("\r\n");
        var headers = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts.Length > 1 ? parts[1].Trim() : "", StringComparer.OrdinalIgnoreCase);
        var body = split < 0 ? "" : text[(split + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding == "chunked")
        {
            body = Dechunk(body);
        }

        return new Answer(int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture), headers, body);
    }

    /// <summary>Sends <paramref name="request"/> (one or several, pipelined) and returns every byte answered until the server closes.</summary>
    public static async Task<string> ExchangeAsync(Uri server, string request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(chunked[at..end], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }
    }
}
