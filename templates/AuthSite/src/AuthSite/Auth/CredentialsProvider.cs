namespace AuthSite.Auth;

/// <summary>Sign-in with an email and a password checked by your own code (NextAuth's Credentials provider).</summary>
public sealed class CredentialsProvider
{
    /// <summary>The provider id used in URLs (<c>/api/auth/callback/credentials</c>).</summary>
    public const string Id = "credentials";

    /// <summary>The name shown to users.</summary>
    public string Name { get; set; } = "Credentials";

    /// <summary>
    /// Checks the submitted credentials and returns the user, or <see langword="null"/> to refuse
    /// with <c>CredentialsSignin</c>. The provider is off while this is <see langword="null"/>.
    /// </summary>
    public Func<CredentialsContext, ValueTask<AuthUser?>>? Authorize { get; set; }

    /// <summary>
    /// Failed attempts allowed for one email within <see cref="FailureWindow"/>; further attempts are refused without
    /// checking the password until the window ends, so guessing costs an attacker time. Successes are never limited.
    /// </summary>
    public int MaxFailuresPerEmail { get; set; } = 5;

    /// <summary>Failed attempts allowed from one client address within <see cref="FailureWindow"/>, across all emails.</summary>
    public int MaxFailuresPerAddress { get; set; } = 50;

    /// <summary>The window that failed attempts are counted in. Defaults to 5 minutes.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Arguments of <see cref="CredentialsProvider.Authorize"/>.</summary>
/// <param name="Email">The submitted email, trimmed.</param>
/// <param name="Password">The submitted password, as typed.</param>
public sealed record CredentialsContext(HttpContext HttpContext, string Email, string Password);
