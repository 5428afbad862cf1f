using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using Company.WebApplication1.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Company.WebApplication1.Tests.Integration.Support;

/// <summary>One call of the jwt callback as the site made it.</summary>
public sealed record JwtCall(string? Trigger, string? UserEmail, string? UserRole, string? Provider, string? Path, JsonNode? Session);

/// <summary>
/// The site with its own callbacks wrapped (registered the way a site would, through
/// <c>services.PostConfigure&lt;SessionAuthOptions&gt;</c>), recording every call. On a session update
/// (<c>POST /api/auth/session</c> with <c>data</c>) the wrapper copies <c>data.name</c> into the token's
/// <c>name</c> and <c>data.padding</c> into a <c>padding</c> claim (an empty string removes it); the session
/// callback shows <c>padding</c> at the top level of the session, so a test can read back what the cookie holds.
/// Under the jwt strategy whatever appsettings.json says (the database strategy runs no jwt callback); a test may set another.
/// </summary>
public class RecordingSiteFactory : SiteFactory
{
    public RecordingSiteFactory()
    {
        Settings["Auth:Session:Strategy"] = "jwt";
        ConfigureTestServices = services => services.PostConfigure<SessionAuthOptions>(options =>
        {
            var jwt = options.Callbacks.Jwt;
            options.Callbacks.Jwt = async context =>
            {
                JwtCalls.Enqueue(new JwtCall(
                    context.Trigger, context.User?.Email, context.User?.Role, context.Account?.Provider,
                    context.HttpContext.Request.Path + context.HttpContext.Request.QueryString, context.Session?.DeepClone()));
                var token = await jwt(context);
                if (token is not null && context.Trigger == "update" && context.Session is JsonObject data)
                {
                    if (data["name"] is JsonValue name)
                    {
                        token["name"] = name.GetValue<string>();
                    }

                    if (data["padding"] is JsonValue padding)
                    {
                        var value = padding.GetValue<string>();
                        if (value.Length == 0)
                        {
                            token.Remove("padding");
                        }
                        else
                        {
                            token["padding"] = value;
                        }
                    }
                }

                return token;
            };

            var session = options.Callbacks.Session;
            options.Callbacks.Session = async context =>
            {
                SessionCalls.Enqueue(context.HttpContext.Request.Path + context.HttpContext.Request.QueryString);
                var shaped = await session(context);
                if (shaped is not null && context.Token["padding"] is JsonValue padding)
                {
                    shaped.Extra ??= [];
                    shaped.Extra["padding"] = padding.GetValue<string>();
                }

                return shaped;
            };

            options.Events.SignIn = context =>
            {
                Events.Enqueue($"signIn {context.User.Email}");
                return ValueTask.CompletedTask;
            };
            options.Events.SignOut = context =>
            {
                Events.Enqueue($"signOut {(string?)context.Token?["email"]}");
                return ValueTask.CompletedTask;
            };
        });
    }

    /// <summary>Every jwt callback call, in order.</summary>
    public ConcurrentQueue<JwtCall> JwtCalls { get; } = new();

    /// <summary>The request path and query of every session callback call, in order.</summary>
    public ConcurrentQueue<string> SessionCalls { get; } = new();

    /// <summary>The signIn / signOut events, as "signIn email" / "signOut email".</summary>
    public ConcurrentQueue<string> Events { get; } = new();
}
