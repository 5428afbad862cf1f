using AuthSite.AspNetCore;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Company.WebApplication1.Pages.Auth;

/// <summary>The custom error page (NextAuth's <c>pages.error</c>): a fixed message and status per code, never the raw input.</summary>
public class AuthErrorModel : PageModel
{
    private static readonly Dictionary<string, (int Status, string Title, string Message)> Errors = new(StringComparer.OrdinalIgnoreCase)
    {
        [AuthErrorCodes.Configuration] = (500, "Server error", "There is a problem with the server configuration. Check the server logs for more information."),
        [AuthErrorCodes.AccessDenied] = (403, "Access denied", "Your account does not have access to this page."),
        [AuthErrorCodes.Verification] = (403, "Unable to sign in", "The sign-in link is no longer valid. It may have been used already or it may have expired."),
    };

    private static readonly (int Status, string Title, string Message) Default = (200, "Error", "Something went wrong. Please try again.");

    /// <summary>The heading.</summary>
    public string Title { get; private set; } = "";

    /// <summary>The explanation.</summary>
    public string Message { get; private set; } = "";

    public void OnGet(string? error)
    {
        var (status, title, message) = error is not null && Errors.TryGetValue(error, out var known) ? known : Default;
        Response.StatusCode = status;
        (Title, Message) = (title, message);
    }
}
