using System.Net;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// A smoke test of the engine's open-redirect guard on this site's own sign-in and sign-out (the full table of payloads is
/// in the engine's tests): a <c>callbackUrl</c> that leaves the site lands on its root, one of its own paths is followed.
/// </summary>
public class OpenRedirectSmokeTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/dashboard")]
    [InlineData("/\\evil.example")]
    [InlineData("http://localhost@evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task SignIn_WithAnOffSiteCallbackUrl_LandsOnTheSitesRoot(string callbackUrl)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, DemoUsers.Password, callbackUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost/", new Uri(new Uri("http://localhost/"), response.Headers.Location!).AbsoluteUri);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    public async Task SignOut_WithAnOffSiteCallbackUrl_LandsOnTheSitesRoot(string callbackUrl)
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var fields = new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["callbackUrl"] = callbackUrl };

        using var response = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost/", new Uri(new Uri("http://localhost/"), response.Headers.Location!).AbsoluteUri);
    }

    [Fact]
    public async Task SignIn_WithOneOfTheSitesPaths_LandsThere()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, DemoUsers.Password, "/dashboard?tab=2");

        Assert.Equal("http://localhost/dashboard?tab=2", new Uri(new Uri("http://localhost/"), response.Headers.Location!).AbsoluteUri);
    }
}
