using System.Net;
using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Middleware;

/// <summary>The middleware guarding /admin in the generated site: matcher, Authorized callback, 401/403 answers.</summary>
public sealed class SessionAuthMiddlewareTests : IClassFixture<SiteFactory>
{
    // Every spelling that routing serves as (or that could reach) /admin.
    private static readonly string[] AdminSpellings =
    [
        "/admin", "/ADMIN", "/Admin/", "//admin", "/admin/.", "/%61dmin", "/admin%2F", "/admin/", "/./admin",
        "/x/../admin", "/%2561dmin", "/admin/users/1", "/ADMIN//users", "/admin?tab=1", @"/admin\", "/admin;x", "/%2Fadmin",
    ];

    private readonly SiteFactory _site;

    public SessionAuthMiddlewareTests(SiteFactory site) => _site = site;

    [Fact]
    public async Task Anonymous_admin_is_sent_to_sign_in_with_a_callback_url()
    {
        using var client = _site.CreateSiteClient();

        var response = await client.Http.GetAsync("/admin?tab=users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/signin?callbackUrl=%2Fadmin%3Ftab%3Dusers", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task User_without_the_admin_role_gets_403_and_the_access_denied_page_not_a_redirect()
    {
        using var client = _site.CreateSiteClient();
        await client.SignInAsync("user@example.com");

        var response = await client.Http.GetAsync("/admin");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("/auth/error?error=AccessDenied", html);
    }

    [Fact]
    public async Task Admin_sees_the_admin_page()
    {
        using var client = _site.CreateSiteClient();
        await client.SignInAsync("admin@example.com");

        var response = await client.Http.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Admin page", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_spelling_of_admin_reaches_the_page_anonymously_or_as_a_user_on_a_real_server()
    {
        using var site = new KestrelSiteFactory();
        using var user = site.CreateSiteClient();
        var userCookie = SessionCookie(await user.SignInAsync("user@example.com"));
        Assert.Contains("session-token=", userCookie);

        foreach (var path in AdminSpellings)
        {
            foreach (var cookie in new[] { null, userCookie })
            {
                var (status, body) = await RawHttp.GetAsync(site.RootUri, path, cookie);

                Assert.True(status is 302 or 403 or 404, $"{path} ({(cookie is null ? "anonymous" : "user")}): {status}");
                Assert.DoesNotContain("Admin page", body);
            }
        }
    }

    [Fact]
    public async Task Every_spelling_of_admin_is_served_to_the_admin_or_not_found()
    {
        using var site = new KestrelSiteFactory();
        using var admin = site.CreateSiteClient();
        var cookie = SessionCookie(await admin.SignInAsync("admin@example.com"));

        var (status, body) = await RawHttp.GetAsync(site.RootUri, "/ADMIN/", cookie);

        Assert.Equal(200, status);
        Assert.Equal("Admin page", body);
    }

    [Fact]
    public async Task Json_requests_get_401_and_403_json_instead_of_redirects()
    {
        using var client = _site.CreateSiteClient();
        client.Http.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var anonymous = await client.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("{\"message\":\"You must be logged in.\"}", await anonymous.Content.ReadAsStringAsync());

        await client.SignInAsync("user@example.com");
        var denied = await client.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("application/json; charset=utf-8", denied.Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData("/auth/signin")]
    [InlineData("/auth/signin?callbackUrl=%2Fadmin")]
    [InlineData("/auth/error?error=AccessDenied")]
    [InlineData("/auth/signout")]
    [InlineData("/api/auth/csrf")]
    public async Task Auth_pages_and_api_are_never_guarded_even_when_the_whole_site_is(string path)
    {
        using var site = new SiteFactory { Settings = { ["Auth:Middleware:Matcher:0"] = "/((?!nothing).*)" } };
        using var client = site.CreateSiteClient();

        var response = await client.Http.GetAsync(path);

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Index")]
    [InlineData("/index")]
    [InlineData("/INDEX/")]
    [InlineData("//Index")]
    [InlineData("/%49ndex")]
    public async Task A_root_matcher_guards_every_path_the_home_page_is_served_at(string path)
    {
        using var site = new KestrelSiteFactory { Settings = { ["Auth:Middleware:Matcher:0"] = "/" } };

        var (status, body) = await RawHttp.GetAsync(site.RootUri, path);

        Assert.Equal(302, status);
        Assert.DoesNotContain("signed in", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, (await RawHttp.GetAsync(site.RootUri, "/session")).Status);
    }

    [Fact]
    public async Task With_an_empty_matcher_the_sites_own_files_stay_public()
    {
        using var site = new SiteFactory { ConfigureTestServices = services => services.PostConfigure<SessionAuthOptions>(options => options.Middleware.Matcher.Clear()) };
        using var client = site.CreateSiteClient();

        using var css = await client.Http.GetAsync("/css/site.css");
        using var home = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Theory]
    [InlineData("/private/secret.txt")]
    [InlineData("/PRIVATE/secret.txt")]
    [InlineData("/private/nested/deeper.txt")]
    public async Task Static_files_under_a_guarded_path_are_guarded(string path)
    {
        using var site = new SiteWithPrivateFiles();
        using var anonymous = site.CreateSiteClient();
        using var user = site.CreateSiteClient();
        await user.SignInAsync(DemoUsers.User);

        using var refused = await anonymous.Http.GetAsync(path);
        using var head = await anonymous.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        using var served = await user.Http.GetAsync(path.ToLowerInvariant());

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.DoesNotContain("top secret", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("top secret", await served.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Static_files_outside_guarded_paths_stay_public()
    {
        using var site = new SiteWithPrivateFiles();
        using var anonymous = site.CreateSiteClient();

        using var response = await anonymous.Http.GetAsync("/public.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Whole_site_matcher_guards_the_home_page()
    {
        using var site = new SiteFactory { Settings = { ["Auth:Middleware:Matcher:0"] = "/((?!nothing).*)" } };
        using var client = site.CreateSiteClient();

        var response = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/auth/signin?callbackUrl=", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Role_change_is_visible_once_the_token_is_refreshed()
    {
        using var site = new SiteFactory();
        using var client = site.CreateSiteClient();
        await client.SignInAsync("user@example.com");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/admin")).StatusCode);

        site.Users.SetRole("user@example.com", "admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/admin")).StatusCode);

        site.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var refreshed = await client.Http.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Contains(refreshed.Headers, h => h.Key == "Set-Cookie");
    }

    [Fact]
    public async Task Removed_user_is_signed_out_at_the_next_refresh()
    {
        using var site = new SiteFactory();
        using var client = site.CreateSiteClient();
        await client.SignInAsync("user@example.com");

        site.Users.Remove("user@example.com");
        site.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/dashboard")).StatusCode);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task Invalid_matcher_stops_start_up_with_a_message_naming_it()
    {
        // The site's own entry point on a real port: a test host could report the failed start as its own disposal.
        string[] args = ["--environment=Development", "--urls=http://127.0.0.1:0", "--Auth:Middleware:Matcher:0=admin/(unbalanced"];

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Task.Run(() => TestSite.Main(args)).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("admin/(unbalanced", error.ToString());
    }

    private static string SessionCookie(HttpResponseMessage signIn) =>
        string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.Contains("session-token")));

    /// <summary>The site with a web root holding <c>private/secret.txt</c> and <c>public.txt</c>, and <c>/private/:path*</c> guarded.</summary>
    private sealed class SiteWithPrivateFiles : SiteFactory
    {
        private readonly string _webRoot = Directory.CreateTempSubdirectory("private-files-").FullName;
        private bool _deleted;

        public SiteWithPrivateFiles()
        {
            Directory.CreateDirectory(Path.Combine(_webRoot, "private", "nested"));
            File.WriteAllText(Path.Combine(_webRoot, "private", "secret.txt"), "top secret");
            File.WriteAllText(Path.Combine(_webRoot, "private", "nested", "deeper.txt"), "top secret too");
            File.WriteAllText(Path.Combine(_webRoot, "public.txt"), "hello");
            Settings["Auth:Middleware:Matcher:0"] = "/private/:path*";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseWebRoot(_webRoot);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (!_deleted)
            {
                _deleted = true;
                Directory.Delete(_webRoot, recursive: true);
            }
        }
    }
}
