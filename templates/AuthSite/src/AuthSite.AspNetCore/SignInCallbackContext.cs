using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthCallbacks.SignIn"/>.</summary>
/// <param name="HttpContext">The sign-in request.</param>
/// <param name="User">The user: the adapter's user when the account is linked already, else the one made from the provider's profile.</param>
/// <param name="Account">The provider account used.</param>
public sealed record SignInCallbackContext(HttpContext HttpContext, AuthUser User, AuthAccount Account)
{
    /// <summary>The provider's profile (its claims), for OAuth and OpenID Connect sign-ins.</summary>
    public JsonObject? Profile { get; init; }
}
