using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthSite.AspNetCore.Tokens;

/// <summary>
/// A signed, NOT encrypted, session token: an HS256 JWT. This ports the custom <c>jwt.encode</c>/<c>jwt.decode</c>
/// example in the NextAuth docs (<c>jwt.sign(token, secret)</c> / <c>jwt.verify(token, secret)</c>).
/// </summary>
/// <remarks>
/// Anyone holding the cookie can read the claims, because only the signature protects them. Use this codec
/// only when the site must share its tokens with a service that verifies HS256 JWTs. That service must use
/// the HMAC key this codec uses: the SHA-256 hash of the secret's UTF-8 bytes, not the secret itself.
/// Otherwise keep the default <see cref="EncryptedSessionTokenCodec"/>. An instance is safe to share between
/// concurrent requests.
/// </remarks>
public sealed class SignedSessionTokenCodec : ISessionTokenCodec
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _signingCredentials;
    private readonly TokenValidationParameters _validationParameters;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the codec.</summary>
    /// <param name="secrets">
    /// The secrets, newest first. The first one signs; all of them verify, so a secret can be rotated without
    /// signing everyone out.
    /// </param>
    /// <param name="timeProvider">The clock that <c>exp</c> and <c>nbf</c> are checked against.</param>
    public SignedSessionTokenCodec(IReadOnlyList<string> secrets, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (secrets.Count == 0 || secrets.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("At least one secret is required, and none may be empty.", nameof(secrets));
        }

        // HS256 needs at least 256 bits of key (RFC 7518 §3.2), and the library rejects short keys outright.
        // Hashing gives exactly 256 bits for a secret of any length.
        SecurityKey[] keys = [.. secrets.Select(secret => new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes(secret))))];
        _signingCredentials = new SigningCredentials(keys[0], SecurityAlgorithms.HmacSha256);
        _validationParameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],

            // The token has no issuer or audience. Lifetime is checked in Decode, with the same rules as the
            // encrypted codec.
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public string Encode(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return _handler.CreateToken(payload.ToJsonString(), _signingCredentials);
    }

    /// <inheritdoc />
    public JsonObject? Decode(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        // Completes synchronously, because the keys are in memory and no metadata is fetched.
        // The handler reports every failure in the result rather than throwing.
        var result = _handler.ValidateTokenAsync(token, _validationParameters).GetAwaiter().GetResult();
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        // Read the JSON as signed, so the caller gets exactly the claims the signer wrote.
        var encodedPayload = jwt.EncodedPayload;
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encodedPayload.Length));
        try
        {
            return Base64Url.DecodeFromChars(encodedPayload, buffer, out _, out var written) == OperationStatus.Done
                ? SessionTokenClaims.Read(buffer.AsSpan(0, written), _timeProvider.GetUtcNow())
                : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
