using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// The framework's cookie handler, plus one rule: a session cookie that cannot be used (expired, tampered,
/// made with another secret) is deleted, so the browser stops sending it and the user is simply signed out.
/// </summary>
internal sealed class SessionCookieHandler(IOptionsMonitor<CookieAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : CookieAuthenticationHandler(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var result = await base.HandleAuthenticateAsync();
        if (result.Failure is not null && !Response.HasStarted)
        {
            AuthLog.SessionRejected(Logger, result.Failure.Message);
            Options.CookieManager.DeleteCookie(Context, Options.Cookie.Name!, Options.Cookie.Build(Context));
        }

        return result;
    }
}
