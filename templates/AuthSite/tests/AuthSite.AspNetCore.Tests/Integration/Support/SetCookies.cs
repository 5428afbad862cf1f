using Microsoft.Net.Http.Headers;

namespace AuthSite.AspNetCore.Tests.Integration.Support;

/// <summary>Reads the <c>Set-Cookie</c> headers of a response the way a browser would see them.</summary>
public static class SetCookies
{
    /// <summary>Every <c>Set-Cookie</c> of <paramref name="response"/>, in order.</summary>
    public static IList<SetCookieHeaderValue> Of(HttpResponseMessage response) =>
        response.Headers.TryGetValues(HeaderNames.SetCookie, out var values) ? SetCookieHeaderValue.ParseList([.. values]) : [];

    /// <summary>The last <c>Set-Cookie</c> for <paramref name="name"/> (the one a browser keeps), or <see langword="null"/>.</summary>
    public static SetCookieHeaderValue? Named(HttpResponseMessage response, string name) =>
        Of(response).LastOrDefault(cookie => cookie.Name.Equals(name, StringComparison.Ordinal));

    /// <summary>Whether this <c>Set-Cookie</c> removes the cookie (empty value, expiry in the past or <c>Max-Age</c> 0).</summary>
    public static bool IsDeletion(this SetCookieHeaderValue cookie) =>
        cookie.Value.Length == 0 && (cookie.Expires < new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) || cookie.MaxAge <= TimeSpan.Zero);

    /// <summary>The names of the cookies the response deletes.</summary>
    public static IReadOnlySet<string> Deleted(HttpResponseMessage response) =>
        Of(response).Where(IsDeletion).Select(cookie => cookie.Name.ToString()).ToHashSet(StringComparer.Ordinal);

    /// <summary>The cookies the response sets to a value (deletions excluded), last one per name wins.</summary>
    public static IReadOnlyDictionary<string, SetCookieHeaderValue> Written(HttpResponseMessage response)
    {
        var written = new Dictionary<string, SetCookieHeaderValue>(StringComparer.Ordinal);
        foreach (var cookie in Of(response))
        {
            if (cookie.IsDeletion())
            {
                written.Remove(cookie.Name.ToString());
            }
            else
            {
                written[cookie.Name.ToString()] = cookie;
            }
        }

        return written;
    }

    /// <summary>Whether <paramref name="cookieName"/> is the session cookie <paramref name="baseName"/> or one of its chunks (<c>name.0</c>, ...).</summary>
    public static bool IsSessionCookie(string cookieName, string baseName) =>
        cookieName == baseName || (cookieName.StartsWith(baseName + ".", StringComparison.Ordinal) && int.TryParse(cookieName.AsSpan(baseName.Length + 1), out _));
}
