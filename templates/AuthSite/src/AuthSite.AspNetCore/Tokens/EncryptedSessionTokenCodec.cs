using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthSite.AspNetCore.Tokens;

/// <summary>
/// The default session token: the encrypted JWT that Auth.js (NextAuth v5) writes, so a Next.js app and this
/// site share one sign-in when they share the secret and the cookie name.
/// </summary>
/// <remarks>
/// <para>
/// A JWE in compact form with <c>alg</c> <c>dir</c> and <c>enc</c> <c>A256CBC-HS512</c>. The 64-byte key is
/// HKDF-SHA256 of the secret, salted with the cookie name. The header's <c>kid</c> is the key's RFC 7638
/// thumbprint, and the payload is the plain JSON claims.
/// </para>
/// <para>
/// IdentityModel does the encryption: <see cref="JsonWebTokenHandler.DecryptToken(JsonWebToken, TokenValidationParameters)"/>
/// reads tokens, and its A256CBC-HS512 provider seals them under the header Auth.js writes.
/// <see cref="JsonWebTokenHandler.EncryptToken(string, EncryptingCredentials)"/> is not used to write them because it
/// always adds <c>typ</c> to the header, which Auth.js leaves out.
/// </para>
/// <para>An instance is immutable and safe to share between concurrent requests.</para>
/// </remarks>
public sealed class EncryptedSessionTokenCodec : ISessionTokenCodec
{
    private const int GcmIvLength = 12;
    private const int GcmTagLength = 16;

    // The same cap JsonWebTokenHandler applies. A real session cookie is far smaller.
    private const int MaxTokenLength = TokenValidationParameters.DefaultMaximumTokenSizeInBytes;

    // The base64url alphabet plus the segment separator. Checked up front because base64 decoders skip
    // whitespace and '=', which would let different strings decode to the same token.
    private static readonly SearchValues<char> CompactJweCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    // A repeated header parameter is ambiguous (JsonWebToken keeps the last one), so it rejects the token.
    private static readonly JsonDocumentOptions HeaderOptions = new() { AllowDuplicateProperties = false };

    private static readonly JsonWebTokenHandler Handler = new();

    private readonly SymmetricSecurityKey[] _keys;

    // What DecryptToken is given: every key (a header without kid), or the one key a kid names, by key index.
    private readonly TokenValidationParameters _everyKey;
    private readonly TokenValidationParameters[] _oneKey;
    private readonly byte[][] _nextAuthV4Keys;
    private readonly string _encodedHeader;
    private readonly byte[] _encodedHeaderBytes;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the codec and derives every key once.</summary>
    /// <param name="secrets">
    /// The secrets, newest first. The first one encrypts; all of them decrypt, so a secret can be rotated
    /// without signing everyone out.
    /// </param>
    /// <param name="salt">The session cookie name, e.g. <c>authjs.session-token</c>. Auth.js salts the key with it.</param>
    /// <param name="timeProvider">The clock that <c>exp</c> and <c>nbf</c> are checked against.</param>
    /// <param name="acceptNextAuthV4Tokens">
    /// Also decode tokens written by NextAuth v4 (<c>A256GCM</c>, no salt), for sites migrating from it.
    /// Such tokens are never written.
    /// </param>
    /// <exception cref="ArgumentException">No secrets, an empty secret, or an empty salt.</exception>
    public EncryptedSessionTokenCodec(
        IReadOnlyList<string> secrets, string salt, TimeProvider timeProvider, bool acceptNextAuthV4Tokens = false)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentException.ThrowIfNullOrEmpty(salt);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (secrets.Count == 0 || secrets.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("At least one secret is required, and none may be empty.", nameof(secrets));
        }

        _keys = [.. secrets.Select(secret => DeriveAuthJsKey(secret, salt))];
        _everyKey = new TokenValidationParameters { TokenDecryptionKeys = _keys };
        _oneKey = [.. _keys.Select(key => new TokenValidationParameters { TokenDecryptionKey = key })];
        _nextAuthV4Keys = acceptNextAuthV4Tokens ? [.. secrets.Select(DeriveNextAuthV4Key)] : [];
        _timeProvider = timeProvider;

        _encodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $$"""{"alg":"dir","enc":"A256CBC-HS512","kid":"{{_keys[0].KeyId}}"}"""));
        _encodedHeaderBytes = Encoding.ASCII.GetBytes(_encodedHeader);
    }

    /// <inheritdoc />
    public string Encode(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);

        using var encryption = CryptoProviderFactory.Default.CreateAuthenticatedEncryptionProvider(
            _keys[0], SecurityAlgorithms.Aes256CbcHmacSha512);

        // The provider draws a fresh IV for each token; the encoded header is the additional authenticated data.
        var sealedPayload = encryption.Encrypt(JsonSerializer.SerializeToUtf8Bytes(payload), _encodedHeaderBytes);

        // header.encrypted-key.iv.ciphertext.tag; "dir" has no encrypted key, so that segment is empty.
        return string.Join('.',
            _encodedHeader,
            string.Empty,
            Base64Url.EncodeToString(sealedPayload.IV),
            Base64Url.EncodeToString(sealedPayload.Ciphertext),
            Base64Url.EncodeToString(sealedPayload.AuthenticationTag));
    }

    /// <inheritdoc />
    public JsonObject? Decode(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || token.AsSpan().ContainsAnyExcept(CompactJweCharacters))
        {
            return null;
        }

        try
        {
            var jwe = new JsonWebToken(token);
            if (!jwe.IsEncrypted || jwe.EncryptedKey.Length != 0 || (jwe.EncodedHeader != _encodedHeader && !HasOnlySupportedParameters(jwe)))
            {
                return null;
            }

            return jwe.Enc switch
            {
                SecurityAlgorithms.Aes256CbcHmacSha512 => DecryptAuthJs(jwe),
                SecurityAlgorithms.Aes256Gcm when _nextAuthV4Keys.Length > 0 => DecryptNextAuthV4(token),
                _ => null,
            };
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            // Not a compact JWE: a segment that is not base64url, or a header that is not a JSON object.
            return null;
        }
        catch (SecurityTokenException)
        {
            // No key opened it: the tag did not match, or the padding behind a valid tag was bad.
            return null;
        }
    }

    /// <summary>
    /// Whether the header is <c>dir</c> with each parameter once and neither <c>zip</c> nor <c>crit</c>: compression
    /// and extensions are things neither Auth.js nor this codec writes, so they only come from a forger. The header this
    /// codec writes (most tokens it reads) is known to pass and is not parsed again.
    /// </summary>
    private static bool HasOnlySupportedParameters(JsonWebToken jwe)
    {
        if (jwe.Alg != JwtConstants.DirectKeyUseAlg || !string.IsNullOrEmpty(jwe.Zip) || jwe.TryGetHeaderValue<object>("crit", out _))
        {
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwe.EncodedHeader), HeaderOptions);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private JsonObject? DecryptAuthJs(JsonWebToken jwe)
    {
        // A kid names the one key to try; a kid naming none of ours is refused rather than tried against them all.
        var parameters = _everyKey;
        if (!string.IsNullOrEmpty(jwe.Kid))
        {
            var index = Array.FindIndex(_keys, key => key.KeyId == jwe.Kid);
            if (index < 0)
            {
                return null;
            }

            parameters = _oneKey[index];
        }

        var plaintext = Handler.DecryptToken(jwe, parameters);
        return SessionTokenClaims.Read(Encoding.UTF8.GetBytes(plaintext), _timeProvider.GetUtcNow());
    }

    /// <summary>Decrypts a NextAuth v4 token, whose header <see cref="Decode"/> has checked.</summary>
    private JsonObject? DecryptNextAuthV4(string token)
    {
        ReadOnlySpan<char> jwe = token;
        Span<Range> segments = stackalloc Range[5];
        jwe.Split(segments, '.');

        Span<byte> iv = stackalloc byte[GcmIvLength];
        Span<byte> tag = stackalloc byte[GcmTagLength];
        if (!TryDecodeExactly(jwe[segments[2]], iv) || !TryDecodeExactly(jwe[segments[4]], tag))
        {
            return null;
        }

        var ciphertext = Base64Url.DecodeFromChars(jwe[segments[3]]);
        var aad = Encoding.ASCII.GetBytes(token[segments[0]]);
        var plaintext = new byte[ciphertext.Length];
        foreach (var key in _nextAuthV4Keys)
        {
            // AesGcm here because IdentityModel's A256GCM calls Windows' BCrypt and fails elsewhere (8.23.0 on Linux).
            using var aesGcm = new AesGcm(key, GcmTagLength);
            try
            {
                aesGcm.Decrypt(iv, ciphertext, tag, plaintext, aad);
            }
            catch (AuthenticationTagMismatchException)
            {
                continue;
            }

            return SessionTokenClaims.Read(plaintext, _timeProvider.GetUtcNow());
        }

        return null;
    }

    private static bool TryDecodeExactly(ReadOnlySpan<char> base64Url, Span<byte> destination) =>
        base64Url.Length == Base64Url.GetEncodedLength(destination.Length)
        && Base64Url.DecodeFromChars(base64Url, destination, out _, out var written) == OperationStatus.Done
        && written == destination.Length;

    private static SymmetricSecurityKey DeriveAuthJsKey(string secret, string salt)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 64,
            salt: Encoding.UTF8.GetBytes(salt), info: Encoding.UTF8.GetBytes($"Auth.js Generated Encryption Key ({salt})"));

        // RFC 7638 thumbprint of the key as an "oct" JWK. Auth.js hashes a 64-byte key with SHA-512, while
        // IdentityModel's JsonWebKey.ComputeJwkThumbprint always uses SHA-256.
        var jwk = $$"""{"k":"{{Base64Url.EncodeToString(key)}}","kty":"oct"}""";
        return new SymmetricSecurityKey(key) { KeyId = Base64Url.EncodeToString(SHA512.HashData(Encoding.UTF8.GetBytes(jwk))) };
    }

    private static byte[] DeriveNextAuthV4Key(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32,
            salt: [], info: "NextAuth.js Generated Encryption Key"u8.ToArray());
}
