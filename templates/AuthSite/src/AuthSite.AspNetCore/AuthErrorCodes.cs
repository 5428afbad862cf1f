namespace AuthSite.AspNetCore;

/// <summary>
/// NextAuth's error codes, as the sign-in and error pages receive them in <c>?error=</c>. <see cref="Configuration"/>,
/// <see cref="AccessDenied"/>, <see cref="Verification"/> and <see cref="Default"/> go to the error page; every other code
/// goes to the sign-in page, where the user can try again. The values are NextAuth's strings (<c>Signin</c>,
/// <c>CredentialsSignin</c>); the names follow .NET casing (<see cref="SignIn"/>, <see cref="CredentialsSignIn"/>).
/// </summary>
public static class AuthErrorCodes
{
    /// <summary>A problem with the server configuration, e.g. a missing secret. The error page answers 500.</summary>
    public const string Configuration = "Configuration";

    /// <summary>The signIn callback refused the user, or a signed-in user may not see a page. The error page answers 403.</summary>
    public const string AccessDenied = "AccessDenied";

    /// <summary>A sign-in link is invalid, expired or already used. The error page answers 403.</summary>
    public const string Verification = "Verification";

    /// <summary>Any other error; the error page shows a generic message.</summary>
    public const string Default = "Default";

    /// <summary>Signing in failed for another reason; the user may try a different account.</summary>
    public const string SignIn = "Signin";

    /// <summary>The provider's authorization URL could not be built, e.g. its metadata could not be fetched.</summary>
    public const string OAuthSignIn = "OAuthSignin";

    /// <summary>The provider's answer could not be handled: bad or replayed state, PKCE or nonce, a token error, or the user cancelled.</summary>
    public const string OAuthCallback = "OAuthCallback";

    /// <summary>The adapter could not create the user of a provider account.</summary>
    public const string OAuthCreateAccount = "OAuthCreateAccount";

    /// <summary>The adapter could not create the user of an email sign-in.</summary>
    public const string EmailCreateAccount = "EmailCreateAccount";

    /// <summary>Another error in the callback route.</summary>
    public const string Callback = "Callback";

    /// <summary>The provider account's email already belongs to a user who signed in another way; it is not linked silently.</summary>
    public const string OAuthAccountNotLinked = "OAuthAccountNotLinked";

    /// <summary>The email was missing or invalid, or it could not be sent.</summary>
    public const string EmailSignIn = "EmailSignin";

    /// <summary><see cref="CredentialsProvider.Authorize"/> returned no user: a wrong email or password.</summary>
    public const string CredentialsSignIn = "CredentialsSignin";

    /// <summary>The page needs a session and nobody is signed in.</summary>
    public const string SessionRequired = "SessionRequired";

    /// <summary>Too many failed sign-in attempts for this email from this client address (not in NextAuth).</summary>
    public const string TooManyAttempts = "TooManyAttempts";

    /// <summary>
    /// The email or the password is longer than <see cref="CredentialsProvider.MaxEmailLength"/> or
    /// <see cref="CredentialsProvider.MaxPasswordLength"/> characters (not in NextAuth).
    /// </summary>
    public const string CredentialsTooLong = "CredentialsTooLong";

    /// <summary>Codes shown on the sign-in page (the user can try again there); all others go to the error page.</summary>
    internal static readonly IReadOnlySet<string> SignInPageCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        SignIn, OAuthSignIn, OAuthCallback, OAuthCreateAccount, EmailCreateAccount, Callback,
        OAuthAccountNotLinked, EmailSignIn, CredentialsSignIn, SessionRequired, TooManyAttempts, CredentialsTooLong,
    };
}
