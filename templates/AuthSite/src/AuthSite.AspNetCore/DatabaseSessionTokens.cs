using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AuthSite.AspNetCore;

/// <summary>
/// The database strategy's cookie value: 32 random bytes as 43 base64url characters (NextAuth uses a random UUID). The
/// store keeps only its SHA-256, so reading the sessions table gives no one a session.
/// </summary>
internal static class DatabaseSessionTokens
{
    /// <summary>The length of a token, and of its hash: 32 bytes in base64url.</summary>
    public const int Length = 43;

    // Base64Url.IsValid would also let through padding, white space and '%'.
    private static readonly SearchValues<char> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether <paramref name="value"/> has a token's shape; anything else is no session, without a lookup.</summary>
    public static bool IsWellFormed(string value) =>
        value.Length == Length && !value.AsSpan().ContainsAnyExcept(Alphabet);


    public static string Hash(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
