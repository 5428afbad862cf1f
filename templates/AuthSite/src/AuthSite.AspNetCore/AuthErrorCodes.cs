namespace AuthSite.AspNetCore;

/// <summary>NextAuth's error codes, as the sign-in and error pages receive them in <c>?error=</c>.</summary>
public static class AuthErrorCodes
{
    public const string Configuration = "Configuration";
    public const string AccessDenied = "AccessDenied";
    public const string Verification = "Verification";
    public const string Default = "Default";

    public const string Signin = "Signin";
    public const string OAuthSignin = "OAuthSignin";
    public const string OAuthCallback = "OAuthCallback";
    public const string OAuthCreateAccount = "OAuthCreateAccount";
    public const string EmailCreateAccount = "EmailCreateAccount";
    public const string Callback = "Callback";
    public const string OAuthAccountNotLinked = "OAuthAccountNotLinked";
    public const string EmailSignin = "EmailSignin";
    public const string CredentialsSignin = "CredentialsSignin";
    public const string SessionRequired = "SessionRequired";

    /// <summary>Too many failed sign-in attempts for this email from this client address (not in NextAuth).</summary>
    public const string TooManyAttempts = "TooManyAttempts";

    /// <summary>
    /// The email or the password is longer than <see cref="CredentialsProvider.MaxEmailLength"/> or
    /// <see cref="CredentialsProvider.MaxPasswordLength"/> characters (not in NextAuth).
    /// </summary>
    public const string CredentialsTooLong = "CredentialsTooLong";

    /// <summary>Codes shown on the sign-in page (the user can try again there); all others go to the error page.</summary>
    public static readonly IReadOnlySet<string> SignInPageCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Signin, OAuthSignin, OAuthCallback, OAuthCreateAccount, EmailCreateAccount, Callback,
        OAuthAccountNotLinked, EmailSignin, CredentialsSignin, SessionRequired, TooManyAttempts, CredentialsTooLong,
    };
}
