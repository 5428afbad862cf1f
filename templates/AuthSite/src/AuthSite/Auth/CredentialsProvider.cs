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
}

/// <summary>Arguments of <see cref="CredentialsProvider.Authorize"/>.</summary>
/// <param name="Email">The submitted email, trimmed.</param>
/// <param name="Password">The submitted password, as typed.</param>
public sealed record CredentialsContext(HttpContext HttpContext, string Email, string Password);
