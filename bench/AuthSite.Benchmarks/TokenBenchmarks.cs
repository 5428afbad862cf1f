using System.Security.Claims;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Tokens;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace AuthSite.Benchmarks;

/// <summary>
/// The session token (JWE dir + A256CBC-HS512, <see cref="EncryptedSessionTokenCodec"/>) against the framework's
/// cookie ticket (<see cref="TicketDataFormat"/> over Data Protection) for the same eight claims.
/// </summary>
/// <remarks>
/// <c>Codec_Decode</c> is the codec alone (string to <see cref="JsonObject"/>); <c>Codec_DecodeToTicket</c> adds what the
/// site's ticket format does with the result (a <see cref="SessionIdentity"/> and an <see cref="AuthenticationTicket"/>),
/// which is what <c>DataProtection_Unprotect</c> returns, so that pair is the like-for-like comparison.
/// </remarks>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private EncryptedSessionTokenCodec _codec = null!;
    private JsonObject _payload = null!;
    private string _token = null!;
    private TicketDataFormat _ticketFormat = null!;
    private AuthenticationTicket _ticket = null!;
    private string _protectedTicket = null!;

    [GlobalSetup]
    public void Setup()
    {
        var issued = DateTimeOffset.UtcNow;
        _payload = SameClaims.Payload(issued);
        _codec = new EncryptedSessionTokenCodec([SameClaims.Secret], SameClaims.SessionCookie, TimeProvider.System);
        _token = _codec.Encode(_payload);

        // The protector the cookie handler itself creates for the "Cookies" scheme.
        var keys = new DirectoryInfo(Path.Combine(Path.GetTempPath(), "authsite-bench-dp-keys"));
        var provider = DataProtectionProvider.Create(keys, builder => builder.SetApplicationName("AuthSite.Benchmarks"));
        var protector = provider.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2");
        _ticketFormat = new TicketDataFormat(protector);
        _ticket = SameClaims.Ticket(issued, "Cookies");
        _protectedTicket = _ticketFormat.Protect(_ticket);

        if (_codec.Decode(_token) is null || Codec_DecodeToTicket() is null || _ticketFormat.Unprotect(_protectedTicket) is null)
        {
            throw new InvalidOperationException("A token or ticket does not round-trip.");
        }

        Console.WriteLine($"// token length {_token.Length} chars, Data Protection ticket length {_protectedTicket.Length} chars");
    }

    [Benchmark]
    [BenchmarkCategory("Encode")]
    public string Codec_Encode() => _codec.Encode(_payload);

    [Benchmark]
    [BenchmarkCategory("Encode")]
    public string DataProtection_Protect() => _ticketFormat.Protect(_ticket);

    [Benchmark]
    [BenchmarkCategory("Decode")]
    public JsonObject? Codec_Decode() => _codec.Decode(_token);

    /// <summary>What the site's SessionTicketFormat.Unprotect does (internal type, so rebuilt here from public API).</summary>
    [Benchmark]
    [BenchmarkCategory("Decode")]
    public AuthenticationTicket? Codec_DecodeToTicket()
    {
        if (_codec.Decode(_token) is not { } token)
        {
            return null;
        }

        var properties = new AuthenticationProperties
        {
            IsPersistent = true,
            IssuedUtc = ReadTime(token, "iat"),
            ExpiresUtc = ReadTime(token, "exp"),
        };
        return new AuthenticationTicket(new ClaimsPrincipal(new SessionIdentity(token)), properties, SessionAuthDefaults.AuthenticationScheme);
    }

    [Benchmark]
    [BenchmarkCategory("Decode")]
    public AuthenticationTicket? DataProtection_Unprotect() => _ticketFormat.Unprotect(_protectedTicket);

    private static DateTimeOffset? ReadTime(JsonObject token, string claim) =>
        token[claim] is JsonValue value && value.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
