using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Encore.Server.Apis;

/// <summary>
/// The problem+json for a request Kestrel refused itself (<see cref="KestrelRejections"/>): what was wrong, from the
/// status Kestrel chose and the request's bytes as far as they were read, in the shape of the service's other 4xx
/// (<c>errors</c> keyed by what is to blame: <c>target</c>, <c>headers</c>, <c>Host</c>, <c>version</c>, <c>request</c>).
/// </summary>
internal static class RejectionProblem
{
    private const int Quoted = 80;

    private static readonly SearchValues<char> s_token =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static byte[] For(int status, ReadOnlySpan<byte> request, ServerOptions options)
    {
        var (title, name, detail) = Explain(status, Encoding.Latin1.GetString(request), options);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", TypeOf(status));
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            json.WriteStartObject("errors");
            json.WriteStartArray(name);
            json.WriteStringValue(detail);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static (string Title, string Name, string Detail) Explain(int status, string request, ServerOptions options)
    {
        var end = request.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = (end < 0 ? request : request[..end]).Split("\r\n");
        var requestLine = RequestLine.TryParse(lines[0]);
        switch (status)
        {
            case 414:
                return ("Request target too long", "target",
                    $"The request line is longer than this server reads at all; the request target (path and query) may be at most {options.MaxRequestTargetBytes} bytes (Server:MaxRequestTargetBytes).");
            case 431:
                return ("Request headers too large", "headers",
                    $"The request's headers are larger or more than this server reads at all; they may total at most {options.MaxRequestHeadersBytes} bytes in at most {options.MaxRequestHeaderCount} headers (Server:MaxRequestHeadersBytes, Server:MaxRequestHeaderCount).");
            case 505:
                return ("HTTP version not supported", "version",
                    $"The HTTP version {(requestLine is null ? "of the request" : $"'{Quote(requestLine.Version)}'")} is not supported; this service speaks HTTP/1.1 and HTTP/1.0.");
            case 408:
                return ("Request timeout", "request", "The request line and headers were not received in time.");
            case 405:
                return ("Method not allowed", "method",
                    $"The method {(requestLine is null ? "of the request" : $"'{Quote(requestLine.Method)}'")} is not allowed on the request target.");
            case 400:
                return Explain400(lines, requestLine);
            default:
                return ("Request refused", "request", $"The request could not be read as HTTP/1.1 (status {status}).");
        }
    }

    private static (string Title, string Name, string Detail) Explain400(string[] lines, RequestLine? requestLine)
    {
        const string Title = "Malformed request";
        if (requestLine is { } line && TargetProblem(line.Target) is { } problem)
        {
            return (Title, "target", $"The request target '{Quote(line.Target)}' is not valid: {problem}.");
        }

        if (requestLine is null && lines[0].Length > 0 && (lines.Length == 1 || !lines[0].Contains(':', StringComparison.Ordinal)))
        {
            return (Title, "target", $"The request line '{Quote(lines[0])}' is not 'METHOD target HTTP/1.1'.");
        }

        var hosts = 0;
        string? host = null;
        foreach (var header in lines.AsSpan(requestLine is null ? 0 : 1))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? header : header[..colon];
            if (colon <= 0 || name.AsSpan().IndexOfAnyExcept(s_token) >= 0)
            {
                return (Title, "headers",
                    $"The header line '{Quote(header)}' is not valid: a header is 'Name: value', its name a single token without spaces or separators.");
            }

            var value = header[(colon + 1)..];
            if (value.AsSpan().IndexOfAnyInRange('\0', '\u0008') >= 0 || value.AsSpan().IndexOfAnyInRange('\u000a', '\u001f') >= 0 || value.Contains('\u007f', StringComparison.Ordinal))
            {
                return (Title, "headers", $"The header '{Quote(name)}' has a value with a control character.");
            }

            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                hosts++;
                host = value.Trim();
            }
        }

        if (requestLine is { Version: "HTTP/1.1" } && hosts != 1)
        {
            return (Title, "Host", hosts == 0
                ? "An HTTP/1.1 request needs a Host header."
                : $"The request has {hosts} Host headers; an HTTP/1.1 request has exactly one.");
        }

        if (host is not null)
        {
            return (Title, "Host", $"The Host header '{Quote(host)}' is not a valid host[:port], or does not match the request target.");
        }

        return (Title, "request", "The request line or its headers could not be parsed as HTTP/1.1.");
    }

    private static string? TargetProblem(string target)
    {
        if (target.AsSpan().IndexOfAnyInRange('\0', ' ') >= 0 || target.AsSpan().IndexOfAnyInRange('\u007f', '\u00ff') >= 0)
        {
            return "it contains a control character, a space or a byte outside ASCII";
        }

        var path = target.Split('?', 2)[0];
        if (path.Contains("%00", StringComparison.Ordinal))
        {
            return "its path decodes to a NUL byte (%00)";
        }

        if (target.Length > 0 && target[0] != '/' && target != "*" && !target.Contains("://", StringComparison.Ordinal))
        {
            return "it is neither a path starting with '/' nor an absolute URL";
        }

        return null;
    }

    private static string Quote(string text) => text.Length <= Quoted ? text : text[..Quoted] + "…";

    private static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        408 => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        414 => "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        431 => "https://tools.ietf.org/html/rfc6585#section-5",
        505 => "https://tools.ietf.org/html/rfc9110#section-15.6.6",
        _ => "https://tools.ietf.org/html/rfc9110#section-15",
    };

    private sealed record RequestLine(string Method, string Target, string Version)
    {
        /// <summary>"METHOD target HTTP/x.y" with a token method and an HTTP version; null for anything else.</summary>
        public static RequestLine? TryParse(string line)
        {
            var parts = line.Split(' ');
            return parts.Length == 3 && parts[0].Length > 0 && parts[0].AsSpan().IndexOfAnyExcept(s_token) < 0
                && parts[2].StartsWith("HTTP/", StringComparison.Ordinal)
                ? new RequestLine(parts[0], parts[1], parts[2])
                : null;
        }
    }
}
