using System.Net.Sockets;
using System.Text;

namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Sends a request line exactly as written to a real Kestrel port. HttpClient would canonicalise the path
/// (read "//admin" as a host, resolve dot segments), which is the very thing these tests must not do.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends <c>GET {target}</c> and returns the status code and the body.</summary>
    public static async Task<(int Status, string Body)> GetAsync(Uri server, string target, string? cookie = null)
    {
        var response = await SendAsync(server, "GET", target, cookie is null ? [] : [$"Cookie: {cookie}"]);
        return (response.Status, response.Body);
    }

    /// <summary>
    /// Sends <c>{method} {target}</c> with the given header lines (and a body, as Latin-1 bytes), and returns the response;
    /// header values are read byte for byte (Latin-1), so a test sees exactly what went on the wire.
    /// </summary>
    public static async Task<RawResponse> SendAsync(Uri server, string method, string target, IEnumerable<string> headers, string? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();

        var request = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            request.Append(header).Append("\r\n");
        }

        if (body is not null)
        {
            request.Append($"Content-Length: {Encoding.Latin1.GetByteCount(body)}\r\n");
        }

        request.Append("\r\n").Append(body);
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request.ToString()));

        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync();
        var headEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = (headEnd < 0 ? response : response[..headEnd]).Split("\r\n");
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim();
                fields[name] = fields.TryGetValue(name, out var earlier) ? earlier + "\n" + value : value;
            }
        }

        return new RawResponse(int.Parse(head[0].AsSpan(9, 3)), fields, headEnd < 0 ? "" : response[(headEnd + 4)..]);
    }
}

/// <summary>A response as it came over the wire: status, header fields (repeated ones joined by a newline), body.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
