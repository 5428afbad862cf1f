using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// The JWE is built here from .NET primitives rather than with <c>JsonWebTokenHandler.EncryptToken</c>,
/// because that method adds <c>typ</c> and <c>cty: JWT</c> to the header. <c>cty: JWT</c> declares a nested
/// JWT, but Auth.js puts the plain claims in the payload.
/// </para>
/// <para>An instance is immutable and safe to share between concurrent requests.</para>
/// </remarks>
public sealed class EncryptedSessionTokenCodec : ISessionTokenCodec
{
    private const int AesBlockLength = 16;
    private const int CbcIvLength = AesBlockLength;
    private const int CbcTagLength = 32;
    private const int GcmIvLength = 12;
    private const int GcmTagLength = 16;

    // Auth.js and NextAuth v4 headers are under 200 characters; the cap keeps header decoding on the stack.
    private const int MaxHeaderLength = 1024;

    // The same cap JsonWebTokenHandler applies. A real session cookie is far smaller.
    private const int MaxTokenLength = TokenValidationParameters.DefaultMaximumTokenSizeInBytes;

    // The base64url alphabet plus the segment separator. Checked up front because the .NET decoder skips
    // whitespace and '=', which would let different strings decode to the same token.
    private static readonly SearchValues<char> CompactJweCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private readonly AuthJsKey[] _keys;
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

        _keys = [.. secrets.Select(secret => AuthJsKey.Derive(secret, salt))];
        _nextAuthV4Keys = acceptNextAuthV4Tokens ? [.. secrets.Select(DeriveNextAuthV4Key)] : [];
        _timeProvider = timeProvider;

        _encodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $$"""{"alg":"dir","enc":"A256CBC-HS512","kid":"{{Encoding.ASCII.GetString(_keys[0].Kid)}}"}"""));
        _encodedHeaderBytes = Encoding.ASCII.GetBytes(_encodedHeader);
    }

    /// <inheritdoc />
    public string Encode(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);

        var plaintext = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(plaintext))
        {
            payload.WriteTo(writer);
        }

        var key = _keys[0];
        Span<byte> iv = stackalloc byte[CbcIvLength];
        RandomNumberGenerator.Fill(iv);

        byte[] ciphertext;
        using (var aes = Aes.Create())
        {
            aes.SetKey(key.EncryptionKey);
            ciphertext = aes.EncryptCbc(plaintext.WrittenSpan, iv);
        }

        Span<byte> tag = stackalloc byte[CbcTagLength];
        ComputeCbcTag(key.MacKey, _encodedHeaderBytes, iv, ciphertext, tag);

        // header.encrypted-key.iv.ciphertext.tag; "dir" has no encrypted key, so that segment is empty.
        return string.Join('.',
            _encodedHeader, string.Empty, Base64Url.EncodeToString(iv), Base64Url.EncodeToString(ciphertext), Base64Url.EncodeToString(tag));
    }

    /// <inheritdoc />
    public JsonObject? Decode(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || token.AsSpan().ContainsAnyExcept(CompactJweCharacters))
        {
            return null;
        }

        ReadOnlySpan<char> jwe = token;
        Span<Range> segments = stackalloc Range[6];
        if (jwe.Split(segments, '.') != 5 || !jwe[segments[1]].IsEmpty)
        {
            return null;
        }

        var header = jwe[segments[0]];
        try
        {
            var encryption = ReadHeader(header, out var keyIndex);
            var decryptable = encryption switch
            {
                Encryption.AuthJs => keyIndex != int.MaxValue,
                Encryption.NextAuthV4 => _nextAuthV4Keys.Length > 0,
                _ => false,
            };
            return decryptable ? Decrypt(encryption, header, jwe[segments[2]], jwe[segments[3]], jwe[segments[4]], keyIndex) : null;
        }
        catch (JsonException)
        {
            // The header is not valid JSON.
            return null;
        }
        catch (CryptographicException)
        {
            // Bad padding behind a valid tag, which only a holder of the key can produce.
            return null;
        }
    }

    /// <summary>
    /// Reads the protected header. <paramref name="keyIndex"/> is the key whose thumbprint the <c>kid</c>
    /// names, -1 when there is no <c>kid</c> (try every key), or <see cref="int.MaxValue"/> when the
    /// <c>kid</c> names no key of ours.
    /// </summary>
    private Encryption ReadHeader(ReadOnlySpan<char> encodedHeader, out int keyIndex)
    {
        keyIndex = -1;
        Span<byte> json = stackalloc byte[Base64Url.GetMaxDecodedLength(MaxHeaderLength)];
        if (encodedHeader.Length > MaxHeaderLength || !TryDecode(encodedHeader, json, out var length))
        {
            return Encryption.Unsupported;
        }

        var reader = new Utf8JsonReader(json[..length]);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Encryption.Unsupported;
        }

        bool? direct = null;
        Encryption? encryption = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A repeated parameter is ambiguous, so it rejects the token like a wrongly typed one.
            if (reader.ValueTextEquals("alg"u8))
            {
                if (direct is not null || !ReadString(ref reader))
                {
                    return Encryption.Unsupported;
                }

                direct = reader.ValueTextEquals("dir"u8);
            }
            else if (reader.ValueTextEquals("enc"u8))
            {
                if (encryption is not null || !ReadString(ref reader))
                {
                    return Encryption.Unsupported;
                }

                encryption = reader.ValueTextEquals("A256CBC-HS512"u8) ? Encryption.AuthJs
                    : reader.ValueTextEquals("A256GCM"u8) ? Encryption.NextAuthV4
                    : Encryption.Unsupported;
            }
            else if (reader.ValueTextEquals("kid"u8))
            {
                if (keyIndex != -1 || !ReadString(ref reader))
                {
                    return Encryption.Unsupported;
                }

                keyIndex = FindKey(ref reader);
            }
            else if (reader.ValueTextEquals("crit"u8) || reader.ValueTextEquals("zip"u8))
            {
                // Extensions and compression, which neither Auth.js nor this codec implements.
                return Encryption.Unsupported;
            }
            else
            {
                reader.Skip();
            }
        }

        // Reading past the end of the object throws if anything but whitespace follows it.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || direct != true)
        {
            return Encryption.Unsupported;
        }

        return encryption ?? Encryption.Unsupported;

        static bool ReadString(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.String;
    }

    private int FindKey(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (reader.ValueTextEquals(_keys[i].Kid))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>
    /// Decodes the IV, tag and ciphertext segments (each must be exactly as long as the encryption defines) and
    /// decrypts with the encryption's keys. The AAD is the encoded header as sent; ReadHeader has capped its length.
    /// </summary>
    private JsonObject? Decrypt(
        Encryption encryption, ReadOnlySpan<char> header, ReadOnlySpan<char> iv, ReadOnlySpan<char> ciphertext, ReadOnlySpan<char> tag, int keyIndex)
    {
        var authJs = encryption == Encryption.AuthJs;
        Span<byte> ivBytes = stackalloc byte[authJs ? CbcIvLength : GcmIvLength];
        Span<byte> tagBytes = stackalloc byte[authJs ? CbcTagLength : GcmTagLength];
        if (!TryDecodeExactly(iv, ivBytes) || !TryDecodeExactly(tag, tagBytes))
        {
            return null;
        }

        Span<byte> aad = stackalloc byte[header.Length];
        Encoding.ASCII.GetBytes(header, aad);

        var maxLength = Base64Url.GetMaxDecodedLength(ciphertext.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(2 * maxLength);
        try
        {
            if (!TryDecode(ciphertext, buffer.AsSpan(0, maxLength), out var length))
            {
                return null;
            }

            var ciphertextBytes = buffer.AsSpan(0, length);
            var plaintext = buffer.AsSpan(maxLength, maxLength);
            return authJs
                ? DecryptAuthJs(aad, ivBytes, ciphertextBytes, tagBytes, plaintext, keyIndex)
                : DecryptNextAuthV4(aad, ivBytes, ciphertextBytes, tagBytes, plaintext[..length]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private JsonObject? DecryptAuthJs(
        ReadOnlySpan<byte> aad, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, int keyIndex)
    {
        if (ciphertext.IsEmpty || ciphertext.Length % AesBlockLength != 0)
        {
            return null;
        }

        Span<byte> expectedTag = stackalloc byte[CbcTagLength];
        ReadOnlySpan<AuthJsKey> candidates = keyIndex < 0 ? _keys : _keys.AsSpan(keyIndex, 1);
        foreach (var key in candidates)
        {
            ComputeCbcTag(key.MacKey, aad, iv, ciphertext, expectedTag);
            if (!CryptographicOperations.FixedTimeEquals(expectedTag, tag))
            {
                continue;
            }

            // Aes instances are not documented as thread-safe, so each call gets its own.
            using var aes = Aes.Create();
            aes.SetKey(key.EncryptionKey);
            var written = aes.DecryptCbc(ciphertext, iv, plaintext);
            return SessionTokenClaims.Read(plaintext[..written], _timeProvider.GetUtcNow());
        }

        return null;
    }

    private JsonObject? DecryptNextAuthV4(
        ReadOnlySpan<byte> aad, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        foreach (var key in _nextAuthV4Keys)
        {
            // JsonWebTokenHandler cannot decrypt A256GCM on Linux, hence AesGcm.
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

    /// <summary>
    /// The A256CBC-HS512 tag (RFC 7518 §5.2.2.1): the first half of HMAC-SHA-512 over
    /// AAD || IV || ciphertext || the AAD's length in bits as a 64-bit big-endian number.
    /// </summary>
    private static void ComputeCbcTag(
        ReadOnlySpan<byte> macKey, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        var length = aad.Length + iv.Length + ciphertext.Length + sizeof(ulong);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var input = buffer.AsSpan(0, length);
            aad.CopyTo(input);
            iv.CopyTo(input[aad.Length..]);
            ciphertext.CopyTo(input[(aad.Length + iv.Length)..]);
            BinaryPrimitives.WriteUInt64BigEndian(input[^sizeof(ulong)..], (ulong)aad.Length * 8);

            Span<byte> mac = stackalloc byte[HMACSHA512.HashSizeInBytes];
            HMACSHA512.HashData(macKey, input, mac);
            mac[..CbcTagLength].CopyTo(tag);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryDecode(ReadOnlySpan<char> base64Url, Span<byte> destination, out int written) =>
        Base64Url.DecodeFromChars(base64Url, destination, out _, out written) == OperationStatus.Done;

    private static bool TryDecodeExactly(ReadOnlySpan<char> base64Url, Span<byte> destination) =>
        base64Url.Length == Base64Url.GetEncodedLength(destination.Length)
        && TryDecode(base64Url, destination, out var written)
        && written == destination.Length;

    private static byte[] DeriveNextAuthV4Key(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32,
            salt: [], info: "NextAuth.js Generated Encryption Key"u8.ToArray());

    private enum Encryption
    {
        Unsupported,
        AuthJs,
        NextAuthV4,
    }

    /// <summary>The Auth.js key for one secret, split the way A256CBC-HS512 uses it.</summary>
    private sealed class AuthJsKey
    {
        private AuthJsKey(byte[] key, byte[] kid)
        {
            // RFC 7518 §5.2.2.1: the first half keys the HMAC, the second half the AES cipher.
            MacKey = key[..32];
            EncryptionKey = key[32..];
            Kid = kid;
        }

        public byte[] MacKey { get; }

        public byte[] EncryptionKey { get; }

        /// <summary>The key's thumbprint, as the UTF-8 bytes the header's <c>kid</c> is compared with.</summary>
        public byte[] Kid { get; }

        public static AuthJsKey Derive(string secret, string salt)
        {
            var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 64,
                salt: Encoding.UTF8.GetBytes(salt), info: Encoding.UTF8.GetBytes($"Auth.js Generated Encryption Key ({salt})"));

            // RFC 7638 thumbprint of the key as an "oct" JWK; Auth.js hashes a 64-byte key with SHA-512.
            var jwk = $$"""{"k":"{{Base64Url.EncodeToString(key)}}","kty":"oct"}""";
            return new AuthJsKey(key, Base64Url.EncodeToUtf8(SHA512.HashData(Encoding.UTF8.GetBytes(jwk))));
        }
    }
}
