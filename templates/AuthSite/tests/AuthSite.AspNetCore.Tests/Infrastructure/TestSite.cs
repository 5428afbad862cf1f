using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Middleware;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The engine's test site: the smallest site that uses every part of the engine the way a generated site does, without
/// depending on one. Users live in memory (<see cref="TestUsers"/>, also the <see cref="IAuthAdapter"/>); the callbacks
/// carry the role as the generated site's do and record every call (<see cref="CallbackLog"/>). On a session update
/// (<c>POST /api/auth/session</c> with <c>data</c>) the jwt callback copies <c>data.name</c> into the token's <c>name</c>
/// and <c>data.padding</c> into a <c>padding</c> claim (an empty string removes it), and removes the claim
/// <c>data.drop</c> names, which the session shows at its top
/// level, so a test can grow the cookie and read back what it holds. The middleware guards <c>/admin/:path*</c> (the admin role only). Pages are
/// stand-ins: <c>/</c>, <c>/dashboard</c> (the session as JSON, or the cookie handler's challenge), <c>/admin</c>,
/// <c>/session</c>, <c>/api/example</c>, and <c>/auth/signin</c>, <c>/auth/signout</c>, <c>/auth/error</c> that name the page and echo its query.
/// </summary>
public sealed class TestSite
{
    /// <summary>The settings a site ships in its appsettings (files, environment and test settings override them).</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Auth:Secret"] = "dev-secret-engine-tests-7d0c52a1e94b4f6e8a3b19c2d5f7e068",
        ["Auth:Cookies:SessionToken"] = "testsite.session-token",
        ["Auth:Cookies:CsrfToken"] = "testsite.csrf-token",
        ["Auth:Session:MaxAge"] = "30.00:00:00",
        ["Auth:Session:UpdateAge"] = "1.00:00:00",
        ["Auth:Middleware:Matcher:0"] = "/admin/:path*",
        ["Auth:Pages:SignIn"] = "/auth/signin",
        ["Auth:Pages:SignOut"] = "/auth/signout",
        ["Auth:Pages:Error"] = "/auth/error",
        ["Auth:Providers:Credentials:MaxFailuresPerEmailAndAddress"] = "5",
        ["Auth:Providers:Credentials:MaxFailuresPerEmail"] = "20",
        ["Auth:Providers:Credentials:MaxFailuresPerAddress"] = "50",
        ["Auth:Providers:Credentials:FailureWindow"] = "00:05:00",
        ["Auth:Providers:Credentials:FailureDelay"] = "00:00:01",
        ["Auth:Providers:Credentials:MaxFailureDelay"] = "00:00:10",
        ["Auth:Providers:Credentials:MaxTrackedKeys"] = "100000",
    };

    /// <summary>Builds and runs the site; <see cref="Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory{TEntryPoint}"/> stops it at <c>Build</c>.</summary>
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Lowest precedence, as appsettings.json would be: host settings, test settings and the environment override these.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });

        builder.Services.AddSingleton<TestUsers>();
        // One log per site, also for events raised outside a request (sessionRevoked from the command line).
        var callbacks = new CallbackLog();
        builder.Services.AddSingleton(callbacks);
        builder.Services.AddSingleton<IAuthAdapter>(services => services.GetRequiredService<TestUsers>());
        builder.Services.AddSessionAuth(builder.Configuration, options =>
        {
            options.Credentials.Authorize = context =>
                ValueTask.FromResult(context.HttpContext.RequestServices.GetRequiredService<TestUsers>().CheckPassword(context.Email, context.Password));

            options.Callbacks.Jwt = context =>
            {
                var request = context.HttpContext.Request;
                Log(context.HttpContext).JwtCalls.Enqueue(new JwtCall(
                    context.Trigger, context.User?.Email, context.User?.Role, context.Account?.Provider,
                    request.Path + request.QueryString, context.Session?.DeepClone()));
                if (context.User is { } user)
                {
                    context.Token["role"] = user.Role;
                }
                else if (context.Trigger is JwtTriggers.Refresh or JwtTriggers.Update && (string?)context.Token["email"] is { } email)
                {
                    if (context.HttpContext.RequestServices.GetRequiredService<TestUsers>().Find(email) is not { } stored)
                    {
                        return ValueTask.FromResult<JsonObject?>(null);
                    }

                    context.Token["role"] = stored.Role;
                }

                if (context.Trigger == JwtTriggers.Update && context.Session is JsonObject data)
                {
                    if (data["name"] is JsonValue name)
                    {
                        context.Token["name"] = name.GetValue<string>();
                    }

                    if (data["drop"] is JsonValue drop)
                    {
                        context.Token.Remove(drop.GetValue<string>());
                    }

                    if (data["padding"] is JsonValue padding)
                    {
                        if (padding.GetValue<string>() is { Length: > 0 } value)
                        {
                            context.Token["padding"] = value;
                        }
                        else
                        {
                            context.Token.Remove("padding");
                        }
                    }
                }

                return ValueTask.FromResult<JsonObject?>(context.Token);
            };

            options.Callbacks.Session = context =>
            {
                Log(context.HttpContext).SessionCalls.Enqueue(context.HttpContext.Request.Path + context.HttpContext.Request.QueryString);
                Log(context.HttpContext).SessionCallUsers.Enqueue(context.User);
                context.Session.User.Role = (string?)context.Token["role"];
                if (context.Token["padding"] is JsonValue padding)
                {
                    context.Session.Extra ??= [];
                    context.Session.Extra["padding"] = padding.GetValue<string>();
                }

                return ValueTask.FromResult<Session?>(context.Session);
            };

            options.Events.SignIn = context =>
            {
                Log(context.HttpContext).Events.Enqueue($"signIn {context.User.Email}");
                return ValueTask.CompletedTask;
            };
            options.Events.SignOut = context =>
            {
                Log(context.HttpContext).Events.Enqueue($"signOut {(string?)context.Token?["email"]}");
                return ValueTask.CompletedTask;
            };

            options.Events.SessionRevoked = context =>
            {
                callbacks.Revocations.Enqueue(context);
                return ValueTask.CompletedTask;
            };

            options.Middleware.Authorized = context => ValueTask.FromResult<AuthorizeResult>(
                context.Token is not null && (!context.Path.StartsWithSegments("/admin") || context.Role == "admin"));
        });

        var app = builder.Build();

        app.UsePathBase(app.Configuration["PathBase"]);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/auth/error?error=Configuration");
        }

        app.UseSessionAuth();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapSessionAuthEndpoints();
        app.MapGet("/api/example", async (HttpContext context) =>
            await context.GetServerSessionAsync() is null
                ? Results.Json(new { message = AuthResponses.SignInRequiredMessage }, statusCode: StatusCodes.Status401Unauthorized)
                : Results.Json(new { message = "Success" }));

        // Pages answer GET and HEAD, as Razor Pages do.
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        foreach (var home in new[] { "/", "/index" })
        {
            app.MapMethods(home, read, async Task<IResult> (HttpContext context) =>
                Results.Text(await context.GetServerSessionAsync() is { } session ? $"Signed in as {session.User.Email}" : "Not signed in"));
        }

        app.MapMethods("/session", read, async Task<IResult> (HttpContext context) => Results.Json(await context.GetServerSessionAsync()));
        app.MapMethods("/dashboard", read, async Task<IResult> (HttpContext context) =>
            await context.GetServerSessionAsync() is { } session ? Results.Json(session) : Results.Challenge());
        app.MapMethods("/admin/{**rest}", read, () => Results.Text("Admin page"));
        foreach (var page in new[] { "/auth/signin", "/auth/signout", "/auth/error" })
        {
            app.MapMethods(page, read, IResult (HttpContext context) => Results.Text($"{page}{context.Request.QueryString}"));
        }

        app.Run();
    }

    private static CallbackLog Log(HttpContext context) => context.RequestServices.GetRequiredService<CallbackLog>();
}
