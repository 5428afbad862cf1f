using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Design §4: a <c>callbackUrl</c> is followed only when it is a same-origin path or a same-origin absolute URL;
/// anything else falls back to <c>/</c>. No open redirects, ever — after sign-in, after sign-out, and in the
/// <c>callbackUrl</c> that <c>GET /api/auth/signin</c> hands to the sign-in page.
/// </summary>
public class OpenRedirectTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static readonly Uri Site = new("http://localhost/");

    /// <summary>Payloads that point off-site (or at a script); each must fall back to the site's root.</summary>
    private static readonly Dictionary<string, string> OffSite = new()
    {
        ["protocol-relative //evil"] = "//evil.example",
        ["protocol-relative //evil/path"] = "//evil.example/dashboard",
        ["triple slash ///evil"] = "///evil.example",
        ["quadruple slash ////evil"] = "////evil.example",
        ["slash backslash /\\evil"] = "/\\evil.example",
        ["double backslash \\\\evil"] = "\\\\evil.example",
        ["backslash slash \\/evil"] = "\\/evil.example",
        ["encoded slashes //%2F%2Fevil"] = "//%2F%2Fevil.example",
        ["https://evil"] = "https://evil.example",
        ["http://evil"] = "http://evil.example",
        ["http://evil/path?query"] = "http://evil.example/dashboard?x=1",
        ["HTTPS://EVIL upper case"] = "HTTPS://EVIL.EXAMPLE/",
        ["userinfo localhost@evil"] = "http://localhost@evil.example",
        ["userinfo localhost:80@evil"] = "http://localhost:80@evil.example/",
        ["backslash userinfo evil\\@localhost"] = "http://evil.example\\@localhost",
        ["suffix host localhost.evil"] = "http://localhost.evil.example",
        ["suffix host localhost.evil https"] = "https://localhost.evil.example/dashboard",
        ["scheme without slashes https:evil"] = "https:evil.example",
        ["other port"] = "http://localhost:8080/dashboard",
        ["other scheme same host"] = "https://localhost/dashboard",
        ["loopback ip"] = "http://127.0.0.1/dashboard",
        ["ipv6 loopback"] = "http://[::1]/dashboard",
        ["javascript:"] = "javascript:alert(1)",
        ["JavaScript: mixed case"] = "JaVaScRiPt:alert(document.domain)",
        ["javascript with comment"] = "javascript://localhost/%0aalert(1)",
        ["data: html"] = "data:text/html,<script>alert(1)</script>",
        ["data: base64"] = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        ["vbscript:"] = "vbscript:msgbox(1)",
        ["mailto:"] = "mailto:attacker@evil.example",
        ["ftp://evil"] = "ftp://evil.example/",
        ["file://"] = "file:///etc/passwd",
        ["tab inside /\\t/evil"] = "/\t/evil.example",
        ["newline inside /\\n/evil"] = "/\n/evil.example",
        ["crlf inside /\\r\\n/evil"] = "/\r\n/evil.example",
        ["leading tab \\t//evil"] = "\t//evil.example",
        ["leading newline \\n//evil"] = "\n//evil.example",
        ["leading space //evil"] = " //evil.example",
        ["tab in scheme java\\tscript:"] = "java\tscript:alert(1)",
        ["newline in host"] = "http://evil\n.example",
        ["relative without slash"] = "evil.example",
        ["fullwidth solidus"] = "\uFF0F\uFF0Fevil.example",
        ["encoded protocol-relative"] = "%2F%2Fevil.example",
    };

    /// <summary>Payloads that stay on the site whatever is made of them; only the origin is checked.</summary>
    private static readonly Dictionary<string, string> Tricky = new()
    {
        ["userinfo evil@localhost"] = "http://evil.example@localhost/",
        ["encoded userinfo evil%2F@localhost"] = "http://evil.example%2F@localhost/",
        ["scheme-relative http:/evil"] = "http:/evil.example",
        ["scheme-relative http:evil"] = "http:evil.example",
        ["encoded tab /%09/evil"] = "/%09/evil.example",
        ["encoded backslash /%5Cevil"] = "/%5Cevil.example",
        ["encoded slash /%2F/evil"] = "/%2F/evil.example",
        ["dot segment /.//evil"] = "/.//evil.example",
        ["dot-dot segment /..//evil"] = "/..//evil.example",
        ["at sign in path"] = "/dashboard@evil.example",
        ["url in query"] = "/?next=https://evil.example",
        ["url in fragment"] = "/#//evil.example",
    };

    /// <summary>Same-origin targets: followed as they are.</summary>
    public static TheoryData<string, string> SameOrigin => new()
    {
        { "/dashboard", "http://localhost/dashboard" },
        { "/dashboard?tab=2&sort=desc", "http://localhost/dashboard?tab=2&sort=desc" },
        { "/session", "http://localhost/session" },
        { "/", "http://localhost/" },
        { "http://localhost/dashboard", "http://localhost/dashboard" },
        { "http://localhost/dashboard?tab=2", "http://localhost/dashboard?tab=2" },
        { "http://localhost:80/session", "http://localhost/session" },
        { "HTTP://LOCALHOST/session", "http://localhost/session" },
    };

    public static TheoryData<string> OffSitePayloads => new(OffSite.Keys);

    public static TheoryData<string> AllHostilePayloads => new(OffSite.Keys.Concat(Tricky.Keys));

    [Theory]
    [MemberData(nameof(AllHostilePayloads))]
    public async Task SignIn_RedirectStaysOnTheSite(string payload)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, DemoUsers.Password, Payload(payload));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        AssertStaysOnSite(response.Headers.Location!.OriginalString, payload);
    }

    [Theory]
    [MemberData(nameof(OffSitePayloads))]
    public async Task SignIn_OffSiteCallbackUrl_FallsBackToTheRoot(string payload)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, DemoUsers.Password, Payload(payload));

        AssertIsRoot(response.Headers.Location!.OriginalString, payload);
    }

    [Theory]
    [MemberData(nameof(AllHostilePayloads))]
    public async Task SignIn_Json_UrlStaysOnTheSite(string payload)
    {
        using var client = site.CreateSiteClient();
        var fields = new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
            ["email"] = DemoUsers.User,
            ["password"] = DemoUsers.Password,
            ["callbackUrl"] = Payload(payload),
            ["json"] = "true",
        };

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertStaysOnSite((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["url"]!, payload);
    }

    [Theory]
    [MemberData(nameof(AllHostilePayloads))]
    public async Task FailedSignIn_RetryCallbackUrlStaysOnTheSite(string payload)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, "wrong password", Payload(payload));

        var location = response.Headers.Location!.OriginalString;
        AssertStaysOnSite(location, payload);
        AssertStaysOnSite(QueryHelpers.ParseQuery(new Uri(Site, location).Query)["callbackUrl"].ToString(), payload);
    }

    [Theory]
    [MemberData(nameof(AllHostilePayloads))]
    public async Task SignOut_RedirectStaysOnTheSite(string payload)
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var fields = new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["callbackUrl"] = Payload(payload) };

        using var response = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        AssertStaysOnSite(response.Headers.Location!.OriginalString, payload);
    }

    [Theory]
    [MemberData(nameof(OffSitePayloads))]
    public async Task SignOut_OffSiteCallbackUrl_FallsBackToTheRoot(string payload)
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var fields = new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["callbackUrl"] = Payload(payload) };

        using var response = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(fields));

        AssertIsRoot(response.Headers.Location!.OriginalString, payload);
    }

    [Theory]
    [MemberData(nameof(AllHostilePayloads))]
    public async Task SignInRoute_HandsTheSignInPageOnlySameOriginCallbackUrls(string payload)
    {
        using var client = site.CreateRawClient();

        using var response = await client.GetAsync("/api/auth/signin?callbackUrl=" + Uri.EscapeDataString(Payload(payload)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        AssertStaysOnSite(location, payload);
        AssertStaysOnSite(QueryHelpers.ParseQuery(new Uri(Site, location).Query)["callbackUrl"].ToString(), payload);
    }

    [Theory]
    [InlineData("/dashboard", "//evil.example")]
    [InlineData("//evil.example", "/dashboard")]
    [InlineData("https://evil.example", "/")]
    [InlineData("/", "https://evil.example")]
    public async Task TwoCallbackUrlFields_NeverAddUpToAnOffSiteRedirect(string first, string second)
    {
        using var client = site.CreateSiteClient();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("csrfToken", await client.GetCsrfTokenAsync()),
            new("email", DemoUsers.User),
            new("password", DemoUsers.Password),
            new("callbackUrl", first),
            new("callbackUrl", second),
        };

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        AssertStaysOnSite(response.Headers.Location!.OriginalString, $"{first} + {second}");
    }

    [Theory]
    [MemberData(nameof(SameOrigin))]
    public async Task SignIn_SameOriginCallbackUrl_IsFollowed(string callbackUrl, string expected)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, DemoUsers.Password, callbackUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(expected), new Uri(Site, response.Headers.Location!));
    }

    [Theory]
    [MemberData(nameof(SameOrigin))]
    public async Task SignOut_SameOriginCallbackUrl_IsFollowed(string callbackUrl, string expected)
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var fields = new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["callbackUrl"] = callbackUrl };

        using var response = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(expected), new Uri(Site, response.Headers.Location!));
    }

    private static string Payload(string name) => OffSite.TryGetValue(name, out var payload) ? payload : Tricky[name];

    /// <summary>The URL, resolved as a browser resolves a <c>Location</c>, is on this site's origin.</summary>
    private static void AssertStaysOnSite(string location, string payload)
    {
        // Browsers drop tabs and newlines and read backslashes as slashes; none of that may reach a Location.
        Assert.False(location.Any(c => c == '\\' || char.IsControl(c)), $"{payload}: Location '{location}' has a backslash or control character");
        Assert.False(location.StartsWith("//", StringComparison.Ordinal), $"{payload}: Location '{location}' is protocol-relative");
        var target = new Uri(Site, location);
        Assert.True(target.Scheme == Site.Scheme && target.Host == Site.Host && target.Port == Site.Port && target.UserInfo.Length == 0,
            $"{payload}: Location '{location}' leaves the site");
    }

    private static void AssertIsRoot(string location, string payload)
    {
        AssertStaysOnSite(location, payload);
        var target = new Uri(Site, location);
        Assert.True(target.AbsolutePath == "/" && target.Query.Length == 0, $"{payload}: Location '{location}' is not the site's root");
    }
}
