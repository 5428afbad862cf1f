using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore.Tokens;

/// <summary>
/// Turns the session's claims into the session cookie value and back (NextAuth's <c>jwt.encode</c> and
/// <c>jwt.decode</c>).
/// </summary>
public interface ISessionTokenCodec
{
    /// <summary>Encodes the payload as is: the caller has already set <c>iat</c>, <c>exp</c> and <c>jti</c>.</summary>
    /// <param name="payload">The claims to put in the token.</param>
    /// <returns>The token, ready to be a cookie value.</returns>
    string Encode(JsonObject payload);

    /// <summary>
    /// Reads a token back. Never throws, whatever the input string.
    /// </summary>
    /// <param name="token">The cookie value.</param>
    /// <returns>
    /// The payload, or <see langword="null"/> when the token is malformed, tampered with, made with an unknown
    /// secret, expired (<c>exp</c>) or not yet valid (<c>nbf</c>); both times allow 15 seconds of clock skew.
    /// </returns>
    JsonObject? Decode(string token);
}
