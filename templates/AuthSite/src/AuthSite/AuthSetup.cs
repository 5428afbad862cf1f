using AuthSite.Auth;
using AuthSite.Data;

namespace AuthSite;

/// <summary>
/// How this site signs users in: the counterpart of NextAuth's <c>authOptions</c>. This file is yours to change:
/// add claims in the jwt callback, shape the session, refuse sign-ins, swap the token format.
/// </summary>
public static class AuthSetup
{
    /// <summary>Adds sign-in with the options below, on top of the <c>Auth</c> section of appsettings.json.</summary>
    public static IServiceCollection AddSiteAuth(this IServiceCollection services) => services.AddSessionAuth(options =>
    {
        // Email and password, checked against the users table.
        options.Credentials.Authorize = context =>
            new(context.HttpContext.RequestServices.GetRequiredService<UserStore>().CheckPasswordAsync(context.Email, context.Password, context.HttpContext.RequestAborted));

        // Keep the user's role in the token at sign-in, so no request needs the database to know it.
        options.Callbacks.Jwt = context =>
        {
            if (context.User?.Role is { } role)
            {
                context.Token["role"] = role;
            }

            return ValueTask.FromResult<System.Text.Json.Nodes.JsonObject?>(context.Token);
        };

        // Show the role to pages and to /api/auth/session.
        options.Callbacks.Session = context =>
        {
            context.Session.User.Role = (string?)context.Token["role"];
            return ValueTask.FromResult<Session?>(context.Session);
        };

        // The token is encrypted (JWE, as Auth.js writes it) by default. To share tokens with a service that
        // verifies HS256 JWTs instead, sign them (the claims are then readable by anyone holding the cookie):
        // options.Jwt.Codec = new SignedSessionTokenCodec(options.Secrets, TimeProvider.System);
    });
}
