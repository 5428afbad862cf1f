using System.Net;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>Callbacks registered by a site (<c>services.PostConfigure&lt;SessionAuthOptions&gt;</c>) that refuse or end sessions.</summary>
public class AuthCallbackTests
{
    private static readonly Uri Site = new("http://localhost/");

    [Fact]
    public async Task SignInCallbackReturningFalse_GoesToTheErrorPageWithAccessDenied_WithoutASession()
    {
        using var site = With(options => options.Callbacks.SignIn = _ => ValueTask.FromResult(false));
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, DemoUsers.Password, "/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(Site, "/auth/error?error=AccessDenied"), new Uri(Site, response.Headers.Location!));
        Assert.DoesNotContain(SetCookies.Written(response).Keys, name => SetCookies.IsSessionCookie(name, site.SessionCookieName()));
        Assert.Empty(await client.GetSessionAsync());
        using var page = await client.Http.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task SignInCallback_RefusingOneUser_LetsTheOthersIn()
    {
        using var site = With(options => options.Callbacks.SignIn = context => ValueTask.FromResult(context.User.Role == "admin"));
        using var client = site.CreateSiteClient();

        using var refused = await client.SignInAsync(DemoUsers.User);
        using var admitted = await client.SignInAsync(DemoUsers.Admin);

        Assert.Contains("AccessDenied", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("error", admitted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(DemoUsers.Admin, (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    [Fact]
    public async Task JwtCallbackReturningNullAtSignIn_RefusesTheSignIn()
    {
        using var site = With(options =>
        {
            var jwt = options.Callbacks.Jwt;
            options.Callbacks.Jwt = context => context.Trigger == "signIn" ? ValueTask.FromResult<JsonObject?>(null) : jwt(context);
        });
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User);

        Assert.Contains("error=AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task JwtCallbackReturningNullOnARead_EndsTheSession_AndDeletesTheCookie()
    {
        var revoked = false;
        using var site = With(options =>
        {
            var jwt = options.Callbacks.Jwt;
            options.Callbacks.Jwt = context => revoked && context.Trigger is null ? ValueTask.FromResult<JsonObject?>(null) : jwt(context);
        });
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        Assert.NotEmpty(await client.GetSessionAsync());

        revoked = true;
        using var response = await client.Http.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Contains(site.SessionCookieName(), SetCookies.Deleted(response));
        using var dashboard = await client.Http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task SessionCallbackReturningNull_MeansNoSession()
    {
        using var site = With(options => options.Callbacks.Session = _ => ValueTask.FromResult<Session?>(null));
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        Assert.Empty(await client.GetSessionAsync());
        using var example = await client.Http.GetAsync("/api/example");
        Assert.Equal(HttpStatusCode.Unauthorized, example.StatusCode);
    }

    [Fact]
    public async Task JwtCallbackChangingTheTokenOnARead_ReachesTheCookie()
    {
        // A callback that refreshes something in the token (an access token, a new role) must not lose it.
        var refresh = false;
        using var site = With(options =>
        {
            var jwt = options.Callbacks.Jwt;
            options.Callbacks.Jwt = async context =>
            {
                var token = await jwt(context);
                if (refresh && context.Trigger is null && token is not null)
                {
                    token["role"] = "auditor";
                }

                return token;
            };
        });
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        refresh = true;
        using var changed = await client.Http.GetAsync("/api/auth/session");
        refresh = false;

        Assert.True(SetCookies.Written(changed).ContainsKey(site.SessionCookieName()));
        Assert.Equal("auditor", (string?)(await client.GetSessionAsync())["user"]?["role"]);
    }

    [Fact]
    public async Task JwtCallbackChangingTheTokenInPlace_LeavesWhatTheSameCookieReadsNextTime()
    {
        // Decoded tokens are remembered per cookie value: a change made on one request must not leak into the next.
        var seen = new List<string?>();
        using var site = With(options =>
        {
            var jwt = options.Callbacks.Jwt;
            options.Callbacks.Jwt = async context =>
            {
                var token = await jwt(context);
                if (context.Trigger is null && token is not null)
                {
                    lock (seen)
                    {
                        seen.Add((string?)token["name"]);
                    }

                    token["name"] = "Changed by request " + seen.Count;
                }

                return token;
            };
        });
        var cookie = await site.SignInCookieHeaderAsync();
        using var client = site.CreateRawClient();

        using var first = await client.SendAsync(Requests.Get("/api/auth/session", cookie));
        using var second = await client.SendAsync(Requests.Get("/api/auth/session", cookie));

        Assert.Equal(2, seen.Count);
        Assert.Equal(seen[0], seen[1]);
        Assert.DoesNotContain("Changed", seen[0], StringComparison.Ordinal);
        Assert.Contains("Changed by request 2", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedirectCallback_DecidesWhereSignInGoes()
    {
        using var site = With(options => options.Callbacks.Redirect = context => ValueTask.FromResult(context.BaseUrl + "/session"));
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, DemoUsers.Password, "/dashboard");

        Assert.Equal(new Uri(Site, "/session"), new Uri(Site, response.Headers.Location!));
    }

    public enum Failure
    {
        /// <summary>The handler throws before returning its task (a plain lambda with a guard clause).</summary>
        Synchronous,

        /// <summary>The handler's task fails (an async lambda).</summary>
        Asynchronous,
    }

    [Theory]
    [InlineData("signIn", Failure.Synchronous)]
    [InlineData("signIn", Failure.Asynchronous)]
    [InlineData("signOut", Failure.Synchronous)]
    [InlineData("signOut", Failure.Asynchronous)]
    [InlineData("session", Failure.Synchronous)]
    [InlineData("session", Failure.Asynchronous)]
    public async Task AFailingEventHandler_IsLoggedNotPassedOn(string @event, Failure failure)
    {
        // AuthEvents: "an event is a notification, so its failure is logged, never passed on".
        Func<ValueTask> fail = failure == Failure.Synchronous
            ? () => throw new InvalidOperationException("audit log is down")
            : async () =>
            {
                await Task.Yield();
                throw new InvalidOperationException("audit log is down");
            };
        using var site = With(options =>
        {
            switch (@event)
            {
                case "signIn": options.Events.SignIn = _ => fail(); break;
                case "signOut": options.Events.SignOut = _ => fail(); break;
                default: options.Events.Session = _ => fail(); break;
            }
        });
        using var client = site.CreateSiteClient();

        using var signIn = await client.SignInAsync(DemoUsers.User);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var session = await client.Http.GetAsync("/api/auth/session");
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Contains(DemoUsers.User, await session.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var signOut = await client.SignOutAsync();
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Empty(await client.GetSessionAsync());
    }

    // The jwt strategy whatever appsettings.json says: the database strategy runs no jwt callback.
    private static SiteFactory With(Action<SessionAuthOptions> configure) =>
        new() { Settings = { ["Auth:Session:Strategy"] = "jwt" }, ConfigureTestServices = services => services.PostConfigure(configure) };
}
