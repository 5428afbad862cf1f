using System.Text.Json.Serialization;

namespace AuthSite.AspNetCore;

/// <summary>
/// What the site knows about the signed-in user: the object <c>/api/auth/session</c> returns and
/// <see cref="SessionAuthHttpContextExtensions.GetServerSessionAsync"/> gives pages.
/// </summary>
public sealed class Session
{
    /// <summary>The signed-in user.</summary>
    public SessionUser User { get; set; } = new();

    /// <summary>When the session ends unless it is used again.</summary>
    [JsonConverter(typeof(UtcTimestampJsonConverter))]
    public DateTimeOffset Expires { get; set; }

    /// <summary>Anything the session callback adds at the top level.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; set; }
}
