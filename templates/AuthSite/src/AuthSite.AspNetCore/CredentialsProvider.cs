namespace AuthSite.AspNetCore;

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
    /// The longest email accepted, in characters: 254, the most an address can have (RFC 5321). A longer one is refused
    /// with <c>CredentialsTooLong</c> before anything is counted or checked.
    /// </summary>
    public const int MaxEmailLength = 254;

    /// <summary>
    /// The longest password accepted, in characters: 1,024, far beyond any passphrase, so that no one can make the site
    /// hash megabytes. A longer one is refused with <c>CredentialsTooLong</c> before anything is counted or checked.
    /// </summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>
    /// Failed attempts allowed for one email from one client address within <see cref="FailureWindow"/>; further
    /// attempts of that pair are refused with <c>TooManyAttempts</c>, without checking the password, until the window
    /// ends. The owner signing in from another address is not affected. Defaults to 5.
    /// </summary>
    public int MaxFailuresPerEmailAndAddress { get; set; } = 5;

    /// <summary>
    /// Failed attempts for one email, from any address, within <see cref="FailureWindow"/> before each further attempt
    /// for it waits (<see cref="FailureDelay"/>, growing) before its password is checked. Never a refusal, so an
    /// attacker guessing from many addresses cannot lock the owner out. Defaults to 20.
    /// </summary>
    public int MaxFailuresPerEmail { get; set; } = 20;

    /// <summary>
    /// Failed attempts from one client address, for any email, within <see cref="FailureWindow"/> before each further
    /// attempt from it waits (<see cref="FailureDelay"/>, growing) before its password is checked. Never a refusal, so
    /// an office behind one NAT address is slowed, not denied. Defaults to 50.
    /// </summary>
    public int MaxFailuresPerAddress { get; set; } = 50;

    /// <summary>The window that failed attempts are counted in, from the first one. Defaults to 5 minutes.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The wait of the first attempt beyond <see cref="MaxFailuresPerEmail"/> or <see cref="MaxFailuresPerAddress"/>;
    /// it doubles with each further failure up to <see cref="MaxFailureDelay"/>. Defaults to 1 second.
    /// </summary>
    public TimeSpan FailureDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a password is checked. Defaults to 10 seconds.</summary>
    public TimeSpan MaxFailureDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many emails, addresses and (email, address) pairs the in-memory throttle counts at once (each takes about
    /// 150 bytes, whatever its length). When all are in use, an attempt whose keys are not counted yet waits
    /// <see cref="MaxFailureDelay"/> before its password is checked, until windows end and free room; counts already
    /// taken are never dropped early. Defaults to 100,000.
    /// </summary>
    public int MaxTrackedKeys { get; set; } = 100_000;
}
