namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthEvents.SignIn"/>.</summary>
/// <param name="HttpContext">The sign-in request.</param>
/// <param name="User">The user who signed in.</param>
/// <param name="Account">The account they signed in with.</param>
/// <param name="IsNewUser">Whether this sign-in created the user (a first OAuth or OpenID Connect sign-in).</param>
public sealed record SignInEventContext(HttpContext HttpContext, AuthUser User, AuthAccount Account, bool IsNewUser);
