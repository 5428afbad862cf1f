using AuthSite.AspNetCore;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Company.WebApplication1.Pages.Auth;

/// <summary>The custom sign-out confirmation page (NextAuth's <c>pages.signOut</c>).</summary>
public class SignOutModel(CsrfTokens csrf) : PageModel
{
    /// <summary>The token the form posts back.</summary>
    public string CsrfToken { get; private set; } = "";

    public void OnGet() => CsrfToken = csrf.GetOrIssue(HttpContext);
}
