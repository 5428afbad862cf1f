using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// NextAuth's double-submit CSRF protection: the cookie holds <c>token|sha256(token + secret)</c>, a form sends
/// <c>token</c>. A forged request has neither the cookie's token nor a way to make a cookie that verifies.
/// </summary>
public sealed class CsrfTokens(IOptions<SessionAuthOptions> options)
{
    private static readonly object CacheKey = new();

    /// <summary>
    /// The token for forms on this request. Issues a new token and cookie when the request has none,
    /// or one that does not verify against the secret.
    /// </summary>
    public string GetOrIssue(HttpContext context)
    {
        if (context.Items.TryGetValue(CacheKey, out var cached))
        {
            return (string)cached!;
        }

        var auth = options.Value;
        var secure = AuthCookies.IsSecure(context, auth);
        var token = ReadVerified(context, auth, secure);
        if (token is null)
        {
            token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var cookie = token + "|" + Hash(token, auth.Secrets[0]);
            context.Response.Cookies.Append(AuthCookies.CsrfTokenName(context, secure, auth), cookie, AuthCookies.Options(context, secure));
        }

        context.Items[CacheKey] = token;
        return token;
    }

    /// <summary>Whether <paramref name="submitted"/> is the token of this request's verified CSRF cookie.</summary>
    public bool IsValid(HttpContext context, string? submitted)
    {
        var auth = options.Value;
        var token = ReadVerified(context, auth, AuthCookies.IsSecure(context, auth));
        return token is not null && submitted is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(submitted));
    }

    private static string? ReadVerified(HttpContext context, SessionAuthOptions auth, bool secure)
    {
        var value = context.Request.Cookies[AuthCookies.CsrfTokenName(context, secure, auth)];
        var separator = value?.IndexOf('|') ?? -1;
        if (separator <= 0)
        {
            return null;
        }

        var token = value![..separator];
        var hash = Encoding.UTF8.GetBytes(value[(separator + 1)..]);
        foreach (var secret in auth.Secrets)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, Encoding.UTF8.GetBytes(Hash(token, secret))))
            {
                return token;
            }
        }

        return null;
    }

    private static string Hash(string token, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token + secret)));
}
