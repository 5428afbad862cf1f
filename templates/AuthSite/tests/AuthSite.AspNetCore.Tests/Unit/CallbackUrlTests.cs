using AuthSite.AspNetCore;
using Microsoft.AspNetCore.Http;

namespace AuthSite.AspNetCore.Tests.Unit;

/// <summary>
/// The default redirect rule: same-origin paths and absolute URLs under the site's path base are followed, as plain ASCII;
/// everything else is the base URL.
/// </summary>
public class CallbackUrlTests
{
    private const string Base = "http://localhost";

    public static TheoryData<string, string, string> Followed => new()
    {
        { "/", Base, "http://localhost/" },
        { "/dashboard", Base, "http://localhost/dashboard" },
        { "/dashboard?tab=2&sort=desc", Base, "http://localhost/dashboard?tab=2&sort=desc" },
        { "/dashboard#section", Base, "http://localhost/dashboard#section" },
        { "/a%20b", Base, "http://localhost/a%20b" },
        { "http://localhost/dashboard", Base, "http://localhost/dashboard" },
        { "http://localhost/dashboard?x=1", Base, "http://localhost/dashboard?x=1" },
        { "http://localhost:80/dashboard", Base, "http://localhost/dashboard" },
        { "HTTP://LOCALHOST/dashboard", Base, "http://localhost/dashboard" },
        { "https://example.com/orders", "https://example.com", "https://example.com/orders" },
        { "https://example.com:443/orders", "https://example.com", "https://example.com/orders" },
        { "http://localhost:5000/x", "http://localhost:5000", "http://localhost:5000/x" },
        { "/app", "https://example.com/app", "https://example.com/app" },
        { "/app/", "https://example.com/app", "https://example.com/app/" },
        { "/app/orders?x=1", "https://example.com/app", "https://example.com/app/orders?x=1" },
        { "/APP/orders", "https://example.com/app", "https://example.com/APP/orders" },
        { "https://example.com/app/orders", "https://example.com/app", "https://example.com/app/orders" },
        { "/ü", Base, "http://localhost/%C3%BC" },
        { "/a b", Base, "http://localhost/a%20b" },
        { "/x?q=ü&r=\u00e9", Base, "http://localhost/x?q=%C3%BC&r=%C3%A9" },
        { "/%2F%2Fevil.example", Base, "http://localhost/%2F%2Fevil.example" },
        { "/%5Cevil.example", Base, "http://localhost/%5Cevil.example" },
        { "/%C3%28", Base, "http://localhost/%C3%28" },
    };

    // Paths are read from the origin, as NextAuth and the middleware's callbackUrl write them: under a path base, a path
    // outside it (another application on the same host) is not this site.
    public static TheoryData<string> OutsideThePathBase => new(
        "/orders", "/", "/application", "/app/../admin", "/app/%2e%2e/admin", "/app/%2E%2E/admin", "/app/./../admin",
        "https://example.com/orders", "https://example.com/application/x");

    public static TheoryData<string?> FallsBack => new(
        null, "", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
        "//%2F%2Fevil.example", "https://evil.example", "http://evil.example", "http://localhost@evil.example",
        "http://evil.example@localhost", "http://user:pass@localhost/", "http://localhost.evil.example",
        "https://localhost/dashboard", "http://localhost:8080/", "http://127.0.0.1/", "javascript:alert(1)",
        "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "mailto:a@evil.example",
        "file:///etc/passwd", "ftp://localhost/", "https:evil.example", "/\t/evil.example", "/\n/evil.example",
        "\t//evil.example", " //evil.example", "\0/", "/\u007f/evil.example", "evil.example", "dashboard", "%2F%2Fevil.example",
        "\uFF0F\uFF0Fevil.example", "http://evil.example\\@localhost");

    [Theory]
    [MemberData(nameof(Followed))]
    public void SameOriginTargets_AreFollowed(string url, string baseUrl, string expected)
    {
        Assert.Equal(expected, CallbackUrl.SameOriginOrBase(url, baseUrl));
    }

    [Theory]
    [MemberData(nameof(FallsBack))]
    public void EverythingElse_IsTheBaseUrl(string? url)
    {
        Assert.Equal(Base, CallbackUrl.SameOriginOrBase(url, Base));
    }

    [Theory]
    [MemberData(nameof(OutsideThePathBase))]
    public void UnderAPathBase_APathOutsideIt_IsTheBaseUrl(string url)
    {
        Assert.Equal("https://example.com/app", CallbackUrl.SameOriginOrBase(url, "https://example.com/app"));
    }

    [Fact]
    public void AUrlLongerThanTheLimit_IsTheBaseUrl()
    {
        var atLimit = "/" + new string('a', CallbackUrl.MaxLength - 1);

        Assert.Equal(Base + atLimit, CallbackUrl.SameOriginOrBase(atLimit, Base));
        Assert.Equal(Base, CallbackUrl.SameOriginOrBase(atLimit + "a", Base));
    }

    [Theory]
    [InlineData("/\u00fc\u0000")]
    [InlineData("/\u00fc/\u00e9?\u4e2d=\ud83d\ude00#\u00a0")]
    [InlineData("http://localhost/\u00fc")]
    [InlineData("/x\u0085y")]
    [InlineData("/x\u2028y")]
    [InlineData("/x\u00a0")]
    [InlineData("/\"<>`{|}^")]
    public void EveryResult_IsPrintableAscii(string url)
    {
        var result = CallbackUrl.SameOriginOrBase(url, Base);

        Assert.All(result, c => Assert.InRange(c, '!', '~'));
        Assert.StartsWith(Base, result, StringComparison.Ordinal);
    }

    [Fact]
    public void LoneSurrogates_BecomeTheReplacementCharacter()
    {
        Assert.Equal("http://localhost/%EF%BF%BD", CallbackUrl.SameOriginOrBase("/\uD800", Base));
        Assert.Equal("http://localhost/%EF%BF%BD%EF%BF%BDx", CallbackUrl.SameOriginOrBase("/\uDC00\uD800x", Base));
    }

    [Fact]
    public void AnotherSitesOrigin_IsNotThisOne()
    {
        Assert.Equal("https://example.com", CallbackUrl.SameOriginOrBase("https://example.org/x", "https://example.com"));
        Assert.Equal("https://example.com", CallbackUrl.SameOriginOrBase("https://sub.example.com/x", "https://example.com"));
    }

    [Theory]
    [InlineData("http", "localhost", "", "http://localhost")]
    [InlineData("https", "example.com", "", "https://example.com")]
    [InlineData("https", "example.com:8443", "", "https://example.com:8443")]
    [InlineData("https", "example.com", "/app", "https://example.com/app")]
    public void BaseUrl_IsSchemeHostAndPathBase(string scheme, string host, string pathBase, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        context.Request.PathBase = pathBase;

        Assert.Equal(expected, CallbackUrl.BaseUrl(context.Request));
    }
}
