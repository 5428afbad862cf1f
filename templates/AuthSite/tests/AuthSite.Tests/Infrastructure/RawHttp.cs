using System.Net.Sockets;
using System.Text;

namespace AuthSite.Tests.Infrastructure;

/// <summary>
/// Sends a request line exactly as written to a real Kestrel port. HttpClient would canonicalise the path
/// (read "//admin" as a host, resolve dot segments), which is the very thing these tests must not do.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends <c>GET {target}</c> and returns the status code and the body.</summary>
    public static async Task<(int Status, string Body)> GetAsync(Uri server, string target, string? cookie = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();

        var request = new StringBuilder()
            .Append($"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n")
            .Append(cookie is null ? "" : $"Cookie: {cookie}\r\n")
            .Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.AsSpan(9, 3));
        var bodyStart = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, bodyStart < 0 ? "" : response[(bodyStart + 4)..]);
    }
}
