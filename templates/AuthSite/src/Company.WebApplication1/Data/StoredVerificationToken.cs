namespace Company.WebApplication1.Data;

/// <summary>A row of the verification_tokens table, for sign-in links sent by email (NextAuth's <c>VerificationToken</c>).</summary>
public sealed class StoredVerificationToken
{
    /// <summary>Whom the token was sent to, e.g. an email address.</summary>
    public required string Identifier { get; init; }

    /// <summary>The token (hashed); unique.</summary>
    public required string Token { get; init; }

    /// <summary>When the token stops working (UTC).</summary>
    public DateTimeOffset Expires { get; init; }
}
