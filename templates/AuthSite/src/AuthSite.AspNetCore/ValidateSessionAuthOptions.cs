using System.Net;
using AuthSite.AspNetCore.Middleware;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>Refuses to start with options that would make sign-in insecure or broken, with a message that says what to do.</summary>
internal sealed class ValidateSessionAuthOptions(IHostEnvironment environment, IServiceProviderIsService services) : IValidateOptions<SessionAuthOptions>
{
    /// <summary>The shortest secret accepted: 32 characters, as <c>openssl rand -base64 32</c> gives 44.</summary>
    public const int MinimumSecretLength = 32;

    // How every generated site's development secret starts, so that it is recognised even where its file was not deployed.
    private const string DevelopmentSecretPrefix = "dev-secret-";

    /// <summary>The longest <see cref="CredentialsProvider.MaxFailureDelay"/> accepted: 30 seconds, within common proxy timeouts.</summary>
    public static readonly TimeSpan MaximumFailureDelay = TimeSpan.FromSeconds(30);

    public ValidateOptionsResult Validate(string? name, SessionAuthOptions options)
    {
        var failures = new List<string>();

        if (options.Secrets.Count == 0)
        {
            failures.Add("No secret is configured for sign-in. Set the AUTH_SECRET environment variable to a random value of at least "
                + $"{MinimumSecretLength} characters (for example the output of 'openssl rand -base64 32'), or set Auth:Secret in configuration.");
        }

        for (var i = 0; i < options.Secrets.Count; i++)
        {
            if (options.Secrets[i].Length < MinimumSecretLength)
            {
                failures.Add($"Secret number {i + 1} (AUTH_SECRET, NEXTAUTH_SECRET, Auth:Secret or Auth:Secrets) is {options.Secrets[i].Length} characters long; "
                    + $"use at least {MinimumSecretLength} random characters, for example the output of 'openssl rand -base64 32'.");
            }
        }

        if (!environment.IsDevelopment()
            && (options.Secrets.Any(s => s.StartsWith(DevelopmentSecretPrefix, StringComparison.Ordinal))
                || (DevelopmentSecret() is { } developmentSecret && options.Secrets.Contains(developmentSecret))))
        {
            failures.Add($"The development secret (of appsettings.Development.json) is configured in the {environment.EnvironmentName} environment. "
                + "That file is in source control, so anyone can read the secret and forge sessions with it. Set the AUTH_SECRET environment "
                + "variable to a new random value (for example the output of 'openssl rand -base64 32').");
        }

        if (options.Url is { } url && SiteUrl.Parse(url, out var problem) is null)
        {
            failures.Add($"AUTH_URL (or NEXTAUTH_URL, Auth:Url) '{url}' {problem}.");
        }

        foreach (var proxy in options.TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _))
            {
                failures.Add($"Auth:TrustedProxies: '{proxy}' is neither an IP address (10.0.0.5) nor a network (10.0.0.0/8).");
            }
        }

        if (!Enum.IsDefined(options.Session.Strategy))
        {
            failures.Add($"Auth:Session:Strategy '{options.Session.Strategy}' is unknown; use 'jwt' or 'database'.");
        }
        else if (options.Session.Strategy == SessionStrategy.Database && !services.IsService(typeof(ISessionAdapter)))
        {
            failures.Add("Auth:Session:Strategy is 'database', but no ISessionAdapter is registered to keep the sessions: register one "
                + "(the template's Data/EfSessionAdapter) or use the 'jwt' strategy.");
        }

        if (options.Session.RevocationCheckInterval < TimeSpan.FromSeconds(1) || options.Session.RevocationCheckInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Auth:Session:RevocationCheckInterval must be between 1 second and 10 minutes; it is {options.Session.RevocationCheckInterval}.");
        }

        if (options.Session.MaxAge <= TimeSpan.Zero)
        {
            failures.Add($"Auth:Session:MaxAge must be positive; it is {options.Session.MaxAge}.");
        }

        if (options.Session.UpdateAge < TimeSpan.Zero || options.Session.UpdateAge > options.Session.MaxAge)
        {
            failures.Add($"Auth:Session:UpdateAge must be between zero and Auth:Session:MaxAge ({options.Session.MaxAge}); it is {options.Session.UpdateAge}.");
        }

        if (options.Jwt.MaxAge is { } jwtMaxAge && jwtMaxAge <= TimeSpan.Zero)
        {
            failures.Add($"Auth:Jwt:MaxAge must be positive; it is {jwtMaxAge}.");
        }

        var credentials = options.Credentials;
        foreach (var (key, value) in new[]
        {
            ("MaxFailuresPerEmailAndAddress", credentials.MaxFailuresPerEmailAndAddress),
            ("MaxFailuresPerEmail", credentials.MaxFailuresPerEmail),
            ("MaxFailuresPerAddress", credentials.MaxFailuresPerAddress),
            ("MaxTrackedKeys", credentials.MaxTrackedKeys),
        })
        {
            if (value < 1)
            {
                failures.Add($"Auth:Providers:Credentials:{key} must be at least 1; it is {value}.");
            }
        }

        if (credentials.FailureWindow <= TimeSpan.Zero)
        {
            failures.Add($"Auth:Providers:Credentials:FailureWindow must be positive; it is {credentials.FailureWindow}.");
        }

        if (credentials.FailureDelay <= TimeSpan.Zero)
        {
            failures.Add($"Auth:Providers:Credentials:FailureDelay must be positive; it is {credentials.FailureDelay}.");
        }

        if (credentials.MaxFailureDelay < credentials.FailureDelay || credentials.MaxFailureDelay > MaximumFailureDelay)
        {
            // A wait longer than a proxy's request timeout would turn the throttle's delay into a refusal of the owner.
            failures.Add($"Auth:Providers:Credentials:MaxFailureDelay must be between FailureDelay ({credentials.FailureDelay}) and {MaximumFailureDelay}; "
                + $"it is {credentials.MaxFailureDelay}.");
        }

        foreach (var (key, path) in new[] { ("SignIn", options.Pages.SignIn), ("SignOut", options.Pages.SignOut), ("Error", options.Pages.Error) })
        {
            if (!IsLocalPath(path))
            {
                failures.Add($"Auth:Pages:{key} must be a path on this site starting with '/'; it is '{path}'.");
            }
        }

        foreach (var (key, cookie) in new[] { ("SessionToken", options.Cookies.SessionToken), ("CsrfToken", options.Cookies.CsrfToken) })
        {
            if (string.IsNullOrWhiteSpace(cookie) || cookie.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)))
            {
                failures.Add($"Auth:Cookies:{key} '{cookie}' is not a valid cookie name.");
            }
        }

        try
        {
            RequestMatcher.Compile(options.Middleware.Matcher);
        }
        catch (ArgumentException exception)
        {
            failures.Add($"Auth:Middleware:Matcher: {exception.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The development secret is committed with the site; outside Development it must never protect a session.
    private string? DevelopmentSecret() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(environment.ContentRootPath, "appsettings.Development.json"), optional: true, reloadOnChange: false)
            .Build()["Auth:Secret"]?.Trim() is { Length: > 0 } secret ? secret : null;

    private static bool IsLocalPath(string? path) =>
        path is ['/', ..] && !path.StartsWith("//", StringComparison.Ordinal) && !path.Contains('\\');
}
