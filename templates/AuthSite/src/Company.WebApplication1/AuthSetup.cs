using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Middleware;
using Company.WebApplication1.Data;
using Microsoft.AspNetCore.Authentication;

namespace Company.WebApplication1;

/// <summary>
/// How this site signs users in and who may see what: the counterpart of NextAuth's <c>authOptions</c> and
/// <c>middleware.ts</c>. This file is yours to change. Settings that need no code (pages, lifetimes, matchers)
/// live in the <c>Auth</c> section of appsettings.json.
/// </summary>
public static class AuthSetup
{
    /// <summary>
    /// Adds sign-in with the options below, on top of the <c>Auth</c> section of configuration. Returns the authentication
    /// builder, where a provider of your own joins the sign-in page and <c>/api/auth</c> like the built-in ones, e.g.
    /// <c>.AddSessionAuthProvider&lt;OAuthOptions, OAuthHandler&lt;OAuthOptions&gt;&gt;("gitlab", "GitLab", options =&gt; ...)</c>.
    /// </summary>
    public static AuthenticationBuilder AddSiteAuth(this IServiceCollection services, IConfiguration configuration) => services.AddSessionAuth(configuration, options =>
    {
        // Email and password, checked against the users table.
        options.Credentials.Authorize = context => new(Users(context.HttpContext).CheckPasswordAsync(context.Email, context.Password, context.HttpContext.RequestAborted));

        // The role travels in the token, so no request needs the database to know it. It is read again when the token
        // is refreshed (once per Session:UpdateAge) or updated, so a changed role or a removed user takes effect then.
        options.Callbacks.Jwt = async context =>
        {
            // Demo accounts exist in Development only; a browser may still send a session cookie from a Development run.
            // (The database strategy runs no jwt callback: there EfSessionAdapter finds no demo account's session.)
            if (DemoAccounts.IsOutOfPlace(context.HttpContext, (string?)context.Token["email"]))
            {
                return null;
            }

            if (context.User is { } user)
            {
                context.Token["role"] = user.Role;
            }
            else if (context.Trigger is JwtTriggers.Refresh or JwtTriggers.Update && (string?)context.Token["email"] is { } email)
            {
                if (await Users(context.HttpContext).FindByEmailAsync(email, context.HttpContext.RequestAborted) is not { } stored)
                {
                    return null;
                }

                context.Token["role"] = stored.Role;
            }

            return context.Token;
        };

        // Show the role to pages and to /api/auth/session.
        options.Callbacks.Session = context =>
        {
            context.Session.User.Role = (string?)context.Token["role"];
            return ValueTask.FromResult<Session?>(context.Session);
        };

        // The middleware guards the paths of Auth:Middleware:Matcher (appsettings.json: /admin/:path*).
        // Signed-in users pass, except that /admin needs the admin role; anonymous users are sent to sign in,
        // signed-in users without the role get 403.
        options.Middleware.Authorized = context => ValueTask.FromResult<AuthorizeResult>(
            context.Token is not null
            && (!context.Path.StartsWithSegments("/admin") || context.Role == "admin"));

        // Other ways to use the middleware, as in NextAuth's docs:
        //
        // Protect the whole site: remove Auth:Middleware:Matcher from appsettings.json (an empty matcher guards
        // every path except the sign-in pages, /api/auth and the files in wwwroot), or match all but some paths, leaving
        // out the files the sign-in page needs (whatever a matcher matches is guarded, files included):
        //   options.Middleware.Matcher = ["/((?!api/example|about|css/|favicon.svg).*)"];
        //
        // Protect only some paths, from code instead of configuration:
        //   options.Middleware.Matcher = ["/dashboard/:path*", "/admin/:path*"];
        //
        // Wrap a handler that runs for allowed requests, with the token at hand, and may answer by itself:
        //   options.Middleware.Handler = context =>
        //   {
        //       context.HttpContext.Response.Headers["X-User"] = (string?)context.Token?["email"];
        //       return ValueTask.FromResult<IResult?>(null); // null: continue to the page
        //   };

        // The token is encrypted (JWE, as Auth.js writes it) by default. To share tokens with a service that
        // verifies HS256 JWTs instead, sign them (the claims are then readable by anyone holding the cookie):
        //   options.Jwt.Codec = new SignedSessionTokenCodec(options.Secrets, TimeProvider.System);
    });

    private static UserStore Users(HttpContext context) => context.RequestServices.GetRequiredService<UserStore>();
}
