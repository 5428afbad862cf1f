using AuthSite.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace AuthSite.Pages;

/// <summary>A page for signed-in users only, protected by the page itself (NextAuth's getServerSideProps example).</summary>
public class DashboardModel(IOptions<AuthOptions> options) : PageModel
{
    /// <summary>The signed-in user's session.</summary>
    public Session Session { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await HttpContext.GetServerSessionAsync() is not { } session)
        {
            return Redirect(AuthResponses.SignInUrl(Request, options.Value));
        }

        Session = session;
        return Page();
    }
}
