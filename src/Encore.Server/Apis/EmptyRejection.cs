using System.Globalization;
using System.Text;

namespace Encore.Server.Apis;

/// <summary>
/// The head of an empty 4xx/5xx answer that closes the connection, as Kestrel writes when it refuses a request
/// itself: <c>HTTP/1.1 400 Bad Request</c>, <c>Content-Length: 0</c>, <c>Connection: close</c>, the date, perhaps
/// a Server header, and nothing else (no Content-Type, no body).
/// </summary>
internal sealed class EmptyRejection
{
    private static readonly byte[] s_statusLine = "HTTP/1.1 "u8.ToArray();
    private static readonly byte[] s_emptyLength = "\r\nContent-Length: 0\r\n"u8.ToArray();
    private static readonly byte[] s_close = "\r\nConnection: close\r\n"u8.ToArray();
    private static readonly byte[] s_contentType = "\r\nContent-Type:"u8.ToArray();
    private static readonly byte[] s_end = "\r\n\r\n"u8.ToArray();

    private readonly byte[] _head;

    private EmptyRejection(int status, byte[] head)
    {
        Status = status;
        _head = head;
    }

    public int Status { get; }

    /// <summary>
    /// Reads <paramref name="bytes"/> as such an answer, and only if they are exactly one; cheap when they are not
    /// (the first bytes decide for every other response).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out EmptyRejection head)
    {
        head = null!;
        if (bytes.Length < 40 || !bytes.StartsWith(s_statusLine) || bytes[9] is not ((byte)'4' or (byte)'5')
            || !char.IsAsciiDigit((char)bytes[10]) || !char.IsAsciiDigit((char)bytes[11]) || bytes[12] != ' '
            || !bytes.EndsWith(s_end) || bytes.IndexOf(s_end) != bytes.Length - s_end.Length
            || bytes.IndexOf(s_emptyLength) < 0 || bytes.IndexOf(s_close) < 0 || bytes.IndexOf(s_contentType) >= 0)
        {
            return false;
        }

        var status = ((bytes[9] - '0') * 100) + ((bytes[10] - '0') * 10) + (bytes[11] - '0');
        head = new EmptyRejection(status, bytes.ToArray());
        return true;
    }

    /// <summary>The same answer with <paramref name="problem"/> as its body.</summary>
    public byte[] WithProblem(byte[] problem)
    {
        var at = _head.AsSpan().IndexOf(s_emptyLength);
        var headers = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"\r\nContent-Type: application/problem+json\r\nContent-Length: {problem.Length}\r\n"));
        var after = _head.AsSpan(at + s_emptyLength.Length);
        var answer = new byte[at + headers.Length + after.Length + problem.Length];
        _head.AsSpan(0, at).CopyTo(answer);
        headers.CopyTo(answer, at);
        after.CopyTo(answer.AsSpan(at + headers.Length));
        problem.CopyTo(answer, answer.Length - problem.Length);
        return answer;
    }
}
