using AuthSite.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Company.WebApplication1.Pages;

/// <summary>A page for signed-in users only, protected by the page itself (NextAuth's getServerSideProps example).</summary>
public class DashboardModel : PageModel
{
    /// <summary>The signed-in user's session.</summary>
    public Session Session { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await HttpContext.GetServerSessionAsync() is not { } session)
        {
            // The session cookie's challenge: the sign-in page with a callbackUrl back here, or 401 JSON for API callers.
            return Challenge();
        }

        Session = session;
        return Page();
    }
}
