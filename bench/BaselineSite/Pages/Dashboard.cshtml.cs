using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BaselineSite.Pages;

/// <summary>Signed-in users only (the AuthorizePage convention); shows what the cookie ticket holds.</summary>
public class DashboardModel : PageModel
{
    public string? Name { get; private set; }

    public string? Email { get; private set; }

    public string? Role { get; private set; }

    public DateTimeOffset? Expires { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // The handler caches the result of UseAuthentication for this request, as the site's helper does.
        var result = await HttpContext.AuthenticateAsync();
        if (!result.Succeeded)
        {
            return Challenge();
        }

        Name = User.Identity?.Name;
        Email = User.FindFirstValue("email");
        Role = User.FindFirstValue("role");
        Expires = result.Properties.ExpiresUtc;
        return Page();
    }
}
