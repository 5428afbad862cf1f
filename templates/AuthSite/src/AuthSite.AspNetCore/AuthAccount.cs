namespace AuthSite.AspNetCore;

/// <summary>The account a user signed in with (NextAuth's <c>Account</c>).</summary>
/// <param name="Provider">The provider id, e.g. <c>credentials</c> or <c>github</c>.</param>
/// <param name="Type">The provider type: <c>credentials</c>, <c>oauth</c> or <c>oidc</c>.</param>
/// <param name="ProviderAccountId">The user's id at that provider.</param>
public sealed record AuthAccount(string Provider, string Type, string ProviderAccountId);
