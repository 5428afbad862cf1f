using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Reads and writes the session cookie the way Auth.js does: <c>__Secure-</c> prefixed when secure, and split into
/// <c>name.0</c>, <c>name.1</c>, ... when the token is too large for one cookie. Writing deletes every stale chunk.
/// </summary>
internal sealed class SessionCookieManager(IOptions<SessionAuthOptions> options) : ICookieManager
{
    /// <summary>Auth.js's chunk size: 4096 bytes per cookie minus room for the name and attributes.</summary>
    public const int ChunkSize = 3936;

    // Every signed-in request reads the cookie, so its names are built once.
    private readonly (string Name, string FirstChunk) _plain = Names(AuthCookies.SessionTokenName(secure: false, options.Value));
    private readonly (string Name, string FirstChunk) _secure = Names(AuthCookies.SessionTokenName(secure: true, options.Value));

    public string? GetRequestCookie(HttpContext context, string key)
    {
        var (name, firstChunk) = AuthCookies.IsSecure(context, options.Value) ? _secure : _plain;
        var cookies = context.Request.Cookies;
        if (cookies[firstChunk] is not { } first)
        {
            return cookies[name];
        }

        var value = first;
        for (var i = 1; cookies[$"{name}.{i}"] is { } chunk; i++)
        {
            value += chunk;
        }

        return value;
    }

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions cookieOptions)
    {
        var name = Name(context);
        value ??= string.Empty;
        var chunks = value.Length <= ChunkSize ? [value] : value.Chunk(ChunkSize).Select(c => new string(c)).ToArray();
        var written = chunks.Length == 1 ? [name] : chunks.Select((_, i) => $"{name}.{i}").ToArray();

        foreach (var stale in Existing(context, name).Except(written))
        {
            context.Response.Cookies.Delete(stale, cookieOptions);
        }

        for (var i = 0; i < chunks.Length; i++)
        {
            context.Response.Cookies.Append(written[i], chunks[i], cookieOptions);
        }
    }

    public void DeleteCookie(HttpContext context, string key, CookieOptions cookieOptions)
    {
        var name = Name(context);
        foreach (var existing in Existing(context, name).Append(name).Distinct())
        {
            context.Response.Cookies.Delete(existing, cookieOptions);
        }
    }

    private static (string Name, string FirstChunk) Names(string name) => (name, name + ".0");

    // The handler only ever passes the session cookie's base name; the prefix depends on the request.
    private string Name(HttpContext context) =>
        AuthCookies.SessionTokenName(AuthCookies.IsSecure(context, options.Value), options.Value);

    private static IEnumerable<string> Existing(HttpContext context, string name) =>
        context.Request.Cookies.Keys.Where(k => k == name || (k.StartsWith(name + ".", StringComparison.Ordinal) && int.TryParse(k.AsSpan(name.Length + 1), out _)));
}
