namespace Company.WebApplication1.Data;

/// <summary>A row of the sessions table, for the database session strategy (NextAuth's <c>Session</c>).</summary>
public sealed class StoredSession
{
    /// <summary>A GUID in text form.</summary>
    public required string Id { get; init; }

    /// <summary>The session cookie's value; unique.</summary>
    public required string SessionToken { get; init; }

    /// <summary>The signed-in user; removing the user removes the session.</summary>
    public required string UserId { get; init; }

    /// <summary>When the session ends (UTC).</summary>
    public DateTimeOffset Expires { get; set; }
}
