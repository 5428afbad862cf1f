using AuthSite.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Company.WebApplication1.Pages.Account;

/// <summary>
/// The signed-in user's sessions, with buttons to end one or all the others. Its forms carry the <c>/api/auth</c> CSRF
/// token, as the sign-out form does, so the page sets no cookie of its own; after a POST it redirects back here with the
/// number of sessions ended (<c>?ended=</c>), so a reload never posts twice.
/// </summary>
[IgnoreAntiforgeryToken]
public class SessionsModel(SessionManager sessions, CsrfTokens csrf) : PageModel
{
    /// <summary>The user's live sessions, oldest first, the current one marked.</summary>
    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    /// <summary>How many sessions the last POST ended, when the page was reached by its redirect.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Ended { get; set; }

    /// <summary>The token the forms post back.</summary>
    public string CsrfToken { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await HttpContext.GetServerSessionAsync() is null || await sessions.ListSessionsAsync(HttpContext) is not { } list)
        {
            // The session cookie's challenge: the sign-in page with a callbackUrl back here.
            return Challenge();
        }

        Sessions = list;
        CsrfToken = csrf.GetOrIssue(HttpContext);
        return Page();
    }

    /// <summary>Ends the session <paramref name="id"/> of the signed-in user (another of theirs; their own signs them out).</summary>
    public Task<IActionResult> OnPostRevokeAsync(string? csrfToken, string? id) =>
        PostAsync(csrfToken, async () => id is { Length: > 0 } && await sessions.RevokeSessionAsync(HttpContext, id) ? 1 : 0);

    /// <summary>Ends every session of the signed-in user but this one.</summary>
    public Task<IActionResult> OnPostRevokeOthersAsync(string? csrfToken) =>
        PostAsync(csrfToken, () => sessions.RevokeOtherSessionsAsync(HttpContext));

    private async Task<IActionResult> PostAsync(string? csrfToken, Func<Task<int>> revoke)
    {
        if (!csrf.IsValid(HttpContext, csrfToken))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (await HttpContext.GetServerSessionAsync() is null)
        {
            return Challenge();
        }

        return RedirectToPage(new { ended = await revoke() });
    }
}
