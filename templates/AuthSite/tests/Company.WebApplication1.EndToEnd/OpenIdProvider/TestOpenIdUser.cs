namespace Company.WebApplication1.EndToEnd.OpenIdProvider;

/// <summary>
/// A user of <see cref="TestOpenIdProvider"/>. The consent page shows one button per user,
/// <c>data-testid="oidc-allow-{Username}"</c>; choosing it signs this user in.
/// </summary>
/// <param name="Username">The short name used in the button's <c>data-testid</c> (e.g. <c>alice</c>).</param>
/// <param name="Subject">The stable <c>sub</c> claim (the site's providerAccountId).</param>
/// <param name="Name">The <c>name</c> claim (scope <c>profile</c>).</param>
/// <param name="Email">The <c>email</c> claim (scope <c>email</c>).</param>
/// <param name="EmailVerified">The <c>email_verified</c> claim (scope <c>email</c>).</param>
public sealed record TestOpenIdUser(string Username, string Subject, string Name, string Email, bool EmailVerified = true);
