using System.Security.Claims;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Makes the cookie handler's ticket a session token instead of a Data Protection blob, so the cookie is
/// the JWE that Auth.js writes and reads (jwt strategy), or the session's opaque token (database strategy). <c>iat</c>/<c>exp</c> are the ticket's issued and expiry times.
/// Decoded tokens are remembered per cookie value (<see cref="CachingSessionTokenCodec"/>).
/// </summary>
internal sealed class SessionTicketFormat(IOptions<SessionAuthOptions> options, IHttpContextAccessor accessor, TimeProvider timeProvider)
    : ISecureDataFormat<AuthenticationTicket>, IDisposable
{
    // The key is derived from the cookie name, so secure (__Secure-) and plain cookies need a codec each.
    private readonly Lazy<CachingSessionTokenCodec> _plain = new(() => CreateCodec(options.Value, secure: false, timeProvider));
    private readonly Lazy<CachingSessionTokenCodec> _secure = new(() => CreateCodec(options.Value, secure: true, timeProvider));

    public string Protect(AuthenticationTicket data) => Protect(data, purpose: null);

    public string Protect(AuthenticationTicket data, string? purpose)
    {
        if (options.Value.Session.Strategy == SessionStrategy.Database)
        {
            // The cookie is the session's opaque token, which the sign-in put in the ticket and every refresh keeps there.
            return data.Properties.Items.TryGetValue(SessionCookieEvents.DatabaseTokenItem, out var token) && token is not null
                ? token
                : throw new InvalidOperationException("Under the database session strategy, sessions are started by the sign-in endpoints, not by SignInAsync.");
        }

        var issued = data.Properties.IssuedUtc ?? timeProvider.GetUtcNow();
        var expires = data.Properties.ExpiresUtc ?? issued + Lifetime(options.Value);

        var payload = SessionIdentity.TokenOf(data.Principal).DeepClone().AsObject();
        payload["iat"] = issued.ToUnixTimeSeconds();
        payload["exp"] = expires.ToUnixTimeSeconds();
        payload["jti"] = Guid.NewGuid().ToString();
        return Codec().Encode(payload);
    }

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (options.Value.Session.Strategy == SessionStrategy.Database)
        {
            // The lookup needs the store, which is asynchronous: SessionCookieEvents does it, with this ticket's token.
            if (protectedText is null || !DatabaseSessionTokens.IsWellFormed(protectedText))
            {
                return null;
            }

            var pending = new AuthenticationProperties { IsPersistent = true };
            pending.Items[SessionCookieEvents.DatabaseTokenItem] = protectedText;
            return new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity()), pending, SessionAuthDefaults.AuthenticationScheme);
        }

        if (string.IsNullOrEmpty(protectedText) || Codec().Decode(protectedText) is not { } decoded)
        {
            return null;
        }

        // The codec accepts a token up to 15 seconds past its exp (Auth.js's clock tolerance). Such a token counts as
        // expiring at the end of this second (the properties keep whole seconds), so that the cookie handler's own expiry
        // check follows the same rule instead of refusing it.
        var now = timeProvider.GetUtcNow();
        var properties = new AuthenticationProperties
        {
            // Session cookies always carry an expiry, so a renewed cookie keeps one too.
            IsPersistent = true,
            IssuedUtc = decoded.IssuedAt,
            ExpiresUtc = decoded.ExpiresAt < now ? DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 1) : decoded.ExpiresAt,
        };
        var identity = new SessionIdentity(JsonObject.Create(decoded.Claims)!, decoded.ClaimValues, decoded.Claims) { SessionId = decoded.SessionId };
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, SessionAuthDefaults.AuthenticationScheme);
    }

    /// <summary>How long a token lives: <c>Jwt:MaxAge</c>, else <c>Session:MaxAge</c>.</summary>
    public static TimeSpan Lifetime(SessionAuthOptions options) => options.Jwt.MaxAge ?? options.Session.MaxAge;

    public void Dispose()
    {
        if (_plain.IsValueCreated)
        {
            _plain.Value.Dispose();
        }

        if (_secure.IsValueCreated)
        {
            _secure.Value.Dispose();
        }
    }

    private CachingSessionTokenCodec Codec() =>
        accessor.HttpContext is { } context && AuthCookies.IsSecure(context, options.Value) ? _secure.Value : _plain.Value;

    private static CachingSessionTokenCodec CreateCodec(SessionAuthOptions options, bool secure, TimeProvider timeProvider) =>
        new(options.Jwt.Codec ?? new EncryptedSessionTokenCodec(
            options.Secrets, AuthCookies.SessionTokenName(secure, options), timeProvider, options.Jwt.AcceptNextAuthV4Tokens), timeProvider);
}
