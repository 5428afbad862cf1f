namespace AuthSite.AspNetCore;

/// <summary>Paths of the pages the engine redirects to (NextAuth's <c>pages</c> option).</summary>
public sealed class AuthPages
{
    /// <summary>The sign-in page. It receives <c>callbackUrl</c> and, after a failure, <c>error</c>.</summary>
    public string SignIn { get; set; } = "/auth/signin";

    /// <summary>The sign-out confirmation page.</summary>
    public string SignOut { get; set; } = "/auth/signout";

    /// <summary>The error page. It receives <c>error</c>.</summary>
    public string Error { get; set; } = "/auth/error";

    /// <summary>Shown after a sign-in link was sent by email; unused until an email provider is configured.</summary>
    public string? VerifyRequest { get; set; }

    /// <summary>Where a user lands after signing in for the first time; <see langword="null"/> means the callback URL.</summary>
    public string? NewUser { get; set; }
}
