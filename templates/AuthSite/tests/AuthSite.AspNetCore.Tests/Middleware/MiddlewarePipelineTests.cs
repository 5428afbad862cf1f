using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Middleware;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthSite.AspNetCore.Tests.Middleware;

/// <summary>
/// The middleware in pipelines a site may build: a catch-all route under a guarded prefix, the middleware placed after
/// <c>UseRouting</c>, and <c>UsePathBase</c>, which routes right after itself. On a real Kestrel port, which leaves
/// <c>%2F</c> encoded in the path as routing then sees it.
/// </summary>
public sealed class MiddlewarePipelineTests
{
    private const string Secret = "pipeline-secret-6f1a3c5e7b9d2f4a6c8e0b2d4f6a8c0e";
    private const string AdminFile = "admin file:";

    public static TheoryData<string> EscapesFromAGuardedCatchAll => new(
        "/admin/files/x%2F..%2F..%2F..%2Fhome", "/admin/files/x%2f..%2f..%2f..%2fhome", "/admin/files/x%5C..%5C..%5C..%5Chome",
        "/admin/files/x%2F..%2F..%2F..%2Fapi%2Fauth%2Fcsrf", "/admin/files/x%2F..%2F..%2F..%2Fauth%2Fsignin", "/ADMIN/files/%2E%2E%2F%2E%2E%2Fhome");

    [Theory]
    [MemberData(nameof(EscapesFromAGuardedCatchAll))]
    public async Task A_path_that_routing_sends_to_a_guarded_catch_all_is_guarded(string target)
    {
        await using var site = await EngineSite.StartAsync(app => app.UseSessionAuth().UseRouting());
        var user = await site.SignInAsync("user@example.com");

        var anonymous = await RawHttp.SendAsync(site.Root, "GET", target, []);
        var signedIn = await RawHttp.SendAsync(site.Root, "GET", target, [$"Cookie: {user}"]);

        Assert.DoesNotContain(AdminFile, anonymous.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminFile, signedIn.Body, StringComparison.Ordinal);
        Assert.Equal(302, anonymous.Status);
        Assert.Equal(403, signedIn.Status);
    }

    [Fact]
    public async Task The_admin_still_reaches_the_catch_all_by_those_spellings()
    {
        await using var site = await EngineSite.StartAsync(app => app.UseSessionAuth().UseRouting());
        var admin = await site.SignInAsync("admin@example.com");

        var response = await RawHttp.SendAsync(site.Root, "GET", "/admin/files/x%2F..%2Fy", [$"Cookie: {admin}"]);

        Assert.Equal(200, response.Status);
        Assert.Contains(AdminFile + "x%2F..%2Fy", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Placed_after_UseRouting_a_denied_request_is_still_denied()
    {
        await using var site = await EngineSite.StartAsync(app => app.UseRouting().UseSessionAuth());
        var user = await site.SignInAsync("user@example.com");

        var signedIn = await RawHttp.SendAsync(site.Root, "GET", "/admin/files/report", [$"Cookie: {user}"]);
        var anonymous = await RawHttp.SendAsync(site.Root, "GET", "/admin/files/report", []);

        Assert.DoesNotContain(AdminFile, signedIn.Body, StringComparison.Ordinal);
        Assert.Equal(403, signedIn.Status);
        Assert.Equal(302, anonymous.Status);
    }

    [Fact]
    public async Task Under_UsePathBase_a_denied_request_is_still_denied()
    {
        await using var site = await EngineSite.StartAsync(app => app.UsePathBase("/app").UseSessionAuth().UseRouting());
        var user = await site.SignInAsync("user@example.com", "/app");

        var response = await RawHttp.SendAsync(site.Root, "GET", "/app/admin/files/report", [$"Cookie: {user}"]);

        Assert.DoesNotContain(AdminFile, response.Body, StringComparison.Ordinal);
        Assert.Equal(403, response.Status);
    }

    [Fact]
    public async Task The_authorized_callback_and_the_handler_see_the_sessions_user()
    {
        var seen = new List<string?>();

        // As in the template: UseAuthentication after UseRouting (WebApplication adds it first only when it is not called).
        await using var site = await EngineSite.StartAsync(app => app.UseSessionAuth().UseRouting().UseAuthentication().UseAuthorization(), options =>
        {
            var authorized = options.Middleware.Authorized;
            options.Middleware.Authorized = context =>
            {
                seen.Add("authorized " + context.HttpContext.User.FindFirst("email")?.Value);
                return authorized(context);
            };
            options.Middleware.Handler = context =>
            {
                seen.Add("handler " + context.HttpContext.User.FindFirst("email")?.Value);
                return ValueTask.FromResult<IResult?>(null);
            };
        });
        var admin = await site.SignInAsync("admin@example.com");

        var response = await RawHttp.SendAsync(site.Root, "GET", "/admin/files/report", [$"Cookie: {admin}"]);

        Assert.Equal(200, response.Status);
        Assert.Equal(["authorized admin@example.com", "handler admin@example.com"], seen);
    }

    /// <summary>The engine alone on Kestrel: credentials for two users, /admin/:path* for the admin role, a catch-all under it.</summary>
    private sealed class EngineSite : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private EngineSite(WebApplication app, Uri root)
        {
            _app = app;
            Root = root;
        }

        public Uri Root { get; }

        public static async Task<EngineSite> StartAsync(Action<WebApplication> pipeline, Action<SessionAuthOptions>? configure = null)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Auth:Secret"] = Secret,
                ["Auth:Middleware:Matcher:0"] = "/admin/:path*",
            });
            builder.Services.AddSessionAuth(builder.Configuration, options =>
            {
                options.Credentials.Authorize = context => ValueTask.FromResult(context.Password == DemoUsers.Password
                    ? context.Email switch
                    {
                        "user@example.com" => new AuthUser("1", "User", "user@example.com", null) { Role = "user" },
                        "admin@example.com" => new AuthUser("2", "Admin", "admin@example.com", null) { Role = "admin" },
                        _ => null,
                    }
                    : null);
                options.Callbacks.Jwt = context =>
                {
                    if (context.User is { } user)
                    {
                        context.Token["role"] = user.Role;
                    }

                    return ValueTask.FromResult<JsonObject?>(context.Token);
                };
                options.Middleware.Authorized = context => ValueTask.FromResult<AuthorizeResult>(
                    context.Token is not null && (!context.Path.StartsWithSegments("/admin") || context.Role == "admin"));
                configure?.Invoke(options);
            });

            var app = builder.Build();
            pipeline(app);
            app.MapSessionAuthEndpoints();
            app.MapGet("/admin/files/{**path}", (string? path) => AdminFile + path);
            app.MapGet("/home", () => "home");
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new EngineSite(app, new Uri(address));
        }

        /// <summary>Signs in through the credentials endpoint; returns the session cookie as a Cookie header value.</summary>
        public async Task<string> SignInAsync(string email, string pathBase = "")
        {
            using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Root };
            using var csrf = await client.GetAsync(pathBase + "/api/auth/csrf");
            var token = (string)(await csrf.Content.ReadFromJsonAsync<JsonObject>())!["csrfToken"]!;
            var csrfCookie = SetCookies.Of(csrf).Single();
            using var request = new HttpRequestMessage(HttpMethod.Post, pathBase + "/api/auth/callback/credentials")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["csrfToken"] = token, ["email"] = email, ["password"] = DemoUsers.Password }),
            };
            request.Headers.Add("Cookie", $"{csrfCookie.Name}={csrfCookie.Value}");
            using var response = await client.SendAsync(request);
            var session = SetCookies.Written(response).Values.Single(cookie => cookie.Name.ToString().Contains("session-token", StringComparison.Ordinal));
            return $"{session.Name}={session.Value}";
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
