using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Providers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Company.WebApplication1.Pages.Auth;

/// <summary>The custom sign-in page (NextAuth's <c>pages.signIn</c>).</summary>
public class SignInModel(CsrfTokens csrf, IOptions<SessionAuthOptions> options, IEnumerable<AuthProviderInfo> providers) : PageModel
{
    // NextAuth's messages for the codes it sends to the sign-in page. Unknown codes get the default: raw input is never shown.
    private static readonly Dictionary<string, string> Messages = new(StringComparer.OrdinalIgnoreCase)
    {
        [AuthErrorCodes.OAuthAccountNotLinked] = "To confirm your identity, sign in with the same account you used originally.",
        [AuthErrorCodes.EmailSignIn] = "The email could not be sent.",
        [AuthErrorCodes.CredentialsSignIn] = "Sign in failed. Check the details you provided are correct.",
        [AuthErrorCodes.SessionRequired] = "Please sign in to access this page.",
        [AuthErrorCodes.TooManyAttempts] = "Too many failed sign-in attempts for this email from your network. Wait a few minutes, then try again.",
        [AuthErrorCodes.CredentialsTooLong] = $"That email or password is too long: an email has at most {CredentialsProvider.MaxEmailLength} characters, a password at most {CredentialsProvider.MaxPasswordLength}.",
        [AuthErrorCodes.SignIn] = "Try signing in with a different account.",
        [AuthErrorCodes.OAuthSignIn] = "Try signing in with a different account.",
        [AuthErrorCodes.OAuthCallback] = "Try signing in with a different account.",
        [AuthErrorCodes.OAuthCreateAccount] = "Try signing in with a different account.",
        [AuthErrorCodes.EmailCreateAccount] = "Try signing in with a different account.",
        [AuthErrorCodes.Callback] = "Try signing in with a different account.",
    };

    /// <summary>Where to go after signing in; checked by the sign-in endpoint, not here.</summary>
    [BindProperty(SupportsGet = true)]
    public string? CallbackUrl { get; set; }

    /// <summary>The error code of a failed attempt.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Error { get; set; }

    /// <summary>Set when the form was posted without a valid CSRF token (an expired form).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Csrf { get; set; }

    /// <summary>The message for <see cref="Error"/>, or <see langword="null"/>.</summary>
    public string? ErrorMessage { get; private set; }

    /// <summary>The token the form posts back.</summary>
    public string CsrfToken { get; private set; } = "";

    /// <summary>The OAuth and OpenID Connect providers, one button each.</summary>
    public IReadOnlyList<AuthProviderInfo> Providers { get; } = [.. providers];

    /// <summary>Whether the email and password form is shown.</summary>
    public bool CredentialsEnabled => options.Value.Credentials.Authorize is not null;

    public void OnGet()
    {
        CsrfToken = csrf.GetOrIssue(HttpContext);
        ErrorMessage = Csrf ? "The form expired. Please try again."
            : string.IsNullOrEmpty(Error) ? null
            : Messages.GetValueOrDefault(Error, "Unable to sign in.");
    }
}
