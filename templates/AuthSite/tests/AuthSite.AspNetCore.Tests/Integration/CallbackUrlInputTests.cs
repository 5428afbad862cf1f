using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// A <c>callbackUrl</c> holding any bytes at all (NUL, control characters, bytes of 0x80 and above, invalid UTF-8, very
/// long values) never breaks the request it rides on: sign-in and sign-out still happen, the redirect is a same-origin path
/// kept percent-encoded or the site's root, the <c>Location</c> is plain ASCII, and no route answers 5xx.
/// </summary>
public sealed class CallbackUrlInputTests : IClassFixture<CallbackUrlInputTests.SiteWithGitHub>
{
    private static readonly Uri Site = new("http://localhost/");
    private readonly SiteWithGitHub _site;

    public CallbackUrlInputTests(SiteWithGitHub site) => _site = site;

    /// <summary>callbackUrl values as they are written in a urlencoded body or a query string (raw escapes, any byte).</summary>
    public static TheoryData<string> Encoded => new(
        "%00//evil.example", "%00", "/%00", "/dashboard%00", "%01/dashboard", "/dash%0Aboard", "%7F", "%C3%28", "%FF%FE%FD",
        "/%C3%BC", "/%E2%80%AE/dashboard", "/%F0%9F%98%80", "%EF%BF%BF", "/%C0%AF", "%2F%2Fevil.example", "/%5C%5Cevil.example",
        "/%25", "%", "/%E3%80%82evil.example", "%E2%80%8B//evil.example", "/" + new string('a', 5000), "/x?" + new string('b', 3000));

    [Theory]
    [MemberData(nameof(Encoded))]
    public async Task Credentials_sign_in_works_and_redirects_on_site_in_ascii(string encoded)
    {
        using var client = _site.CreateSiteClient();
        var body = $"csrfToken={await client.GetCsrfTokenAsync()}&email=user%40example.com&password=Password1%21&callbackUrl={encoded}";

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", Form(body));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        AssertOnSiteInAscii(response, encoded);
        Assert.Equal("user@example.com", (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    [Theory]
    [MemberData(nameof(Encoded))]
    public async Task Sign_out_works_and_redirects_on_site_in_ascii(string encoded)
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var body = $"csrfToken={await client.GetCsrfTokenAsync()}&callbackUrl={encoded}";

        using var response = await client.Http.PostAsync("/api/auth/signout", Form(body));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        AssertOnSiteInAscii(response, encoded);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Theory]
    [MemberData(nameof(Encoded))]
    public async Task The_sign_in_routes_answer_without_5xx(string encoded)
    {
        using var client = _site.CreateSiteClient();

        using var page = await client.Http.GetAsync($"/auth/signin?callbackUrl={encoded}");
        using var api = await client.Http.GetAsync($"/api/auth/signin?callbackUrl={encoded}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, api.StatusCode);
        AssertAscii(api, encoded);
    }

    [Theory]
    [MemberData(nameof(Encoded))]
    public async Task An_OAuth_start_answers_with_the_provider_redirect(string encoded)
    {
        using var client = _site.CreateSiteClient();
        var body = $"csrfToken={await client.GetCsrfTokenAsync()}&callbackUrl={encoded}";

        using var response = await client.Http.PostAsync("/api/auth/signin/github", Form(body));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        AssertAscii(response, encoded);
        Assert.StartsWith("https://github.com/login/oauth/authorize?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_ascii_same_origin_path_is_followed_percent_encoded()
    {
        using var client = _site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, callbackUrl: "/caf\u00e9?q=\u00fc");

        Assert.Equal("http://localhost/caf%C3%A9?q=%C3%BC", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/admin/%C3%BC?q=%C3%28")]
    [InlineData("/admin/%FF")]
    [InlineData("/admin/x%0Ay")]
    [InlineData("/admin?%00=%00")]
    public async Task The_middleware_redirect_to_sign_in_is_ascii_on_a_real_server(string target)
    {
        using var site = new KestrelSiteFactory();

        var response = await RawHttp.SendAsync(site.RootUri, "GET", target, []);

        Assert.True(response.Status is 302 or 400, $"{target}: {response.Status}");
        if (response.Status == 302)
        {
            var location = response.Headers["Location"];
            Assert.All(location, c => Assert.InRange(c, '!', '~'));
            Assert.StartsWith("/auth/signin?callbackUrl=", location, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(5000, false)]
    public async Task The_middleware_leaves_out_a_callback_url_too_long_to_follow(int length, bool kept)
    {
        using var client = _site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/admin/" + new string('c', length));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.InRange(location.Length, 1, CallbackUrl.MaxLength);
        Assert.Equal(kept, location.Contains("callbackUrl=", StringComparison.Ordinal));
        Assert.StartsWith("/auth/signin", location, StringComparison.Ordinal);
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");

    private static void AssertAscii(HttpResponseMessage response, string payload)
    {
        Assert.True(response.Headers.TryGetValues("Location", out var values), $"{payload}: no Location");
        Assert.All(values.Single(), c => Assert.True(c is >= '!' and <= '~', $"{payload}: Location has U+{(int)c:X4}"));
    }

    private static void AssertOnSiteInAscii(HttpResponseMessage response, string payload)
    {
        AssertAscii(response, payload);
        var target = new Uri(Site, response.Headers.Location!);
        Assert.True(target.Scheme == Site.Scheme && target.Authority == Site.Authority && target.UserInfo.Length == 0,
            $"{payload}: Location '{response.Headers.Location}' leaves the site");
        Assert.DoesNotContain("evil.example", target.Authority, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The site with GitHub sign-in configured (no request reaches GitHub: the start only builds its URL).</summary>
    public sealed class SiteWithGitHub : SiteFactory
    {
        public SiteWithGitHub()
        {
            HostSettings["Auth:Providers:GitHub:ClientId"] = "github-client";
            HostSettings["Auth:Providers:GitHub:ClientSecret"] = "github-secret";
        }
    }
}
