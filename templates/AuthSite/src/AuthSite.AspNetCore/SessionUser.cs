using System.Text.Json.Serialization;

namespace AuthSite.AspNetCore;

/// <summary>The user part of a <see cref="Session"/>.</summary>
public sealed class SessionUser
{
    /// <summary>Display name (the token's <c>name</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Email address (the token's <c>email</c>).</summary>
    public string? Email { get; set; }

    /// <summary>Avatar URL (the token's <c>picture</c>).</summary>
    public string? Image { get; set; }

    /// <summary>The user's role, when the session callback sets it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; set; }

    /// <summary>Anything else the session callback adds to the user.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; set; }
}
