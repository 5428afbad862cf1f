using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>The page routes of the contract (design §4): <c>/</c>, <c>/dashboard</c>, <c>/session</c>, <c>/api/example</c>.</summary>
public class PageRouteTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task Home_Anonymous_IsPublicAndShowsTheSignedOutState()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not signed in", Html.TestIdText(html, "home-status"), StringComparison.OrdinalIgnoreCase);
        Assert.True(Html.HasTestId(html, "signin-link"));
        Assert.False(Html.HasTestId(html, "signed-in-as"));
    }

    [Fact]
    public async Task Home_SignedIn_ShowsWhoIsSignedInAndASignOutButton()
    {
        var stored = await StoredUserAsync(DemoUsers.User);
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        using var response = await client.Http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(stored.Name!, Html.TestIdText(html, "home-status"), StringComparison.Ordinal);
        Assert.Contains(DemoUsers.User, Html.TestIdText(html, "signed-in-as"), StringComparison.Ordinal);
        Assert.True(Html.HasTestId(html, "signout-button"));
        Assert.Contains("/api/auth/signout", Html.FormActions(html));
        Assert.False(Html.HasTestId(html, "signin-link"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard")]
    [InlineData("/session")]
    [InlineData("/admin")]
    [InlineData("/auth/signin")]
    [InlineData("/auth/signout")]
    public async Task Pages_SignedIn_SetNoCookie_TheirFormsCarryOnlyTheCsrfTokenOfTheApi(string path)
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.Admin)).Dispose();
        await client.GetCsrfTokenAsync();

        using var response = await client.Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(SetCookies.Of(response));
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_IsTheAccessDeniedPageWith403ForUsers_TheAdminPageForAdmins_AndSignInForVisitors()
    {
        using var visitor = site.CreateSiteClient();
        using var user = site.CreateSiteClient();
        using var admin = site.CreateSiteClient();
        (await user.SignInAsync(DemoUsers.User)).Dispose();
        (await admin.SignInAsync(DemoUsers.Admin)).Dispose();

        using var anonymous = await visitor.Http.GetAsync("/admin");
        using var denied = await user.Http.GetAsync("/admin");
        using var allowed = await admin.Http.GetAsync("/admin");
        var deniedHtml = await denied.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/auth/signin?callbackUrl=%2Fadmin", anonymous.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("Access denied", Html.TestIdText(deniedHtml, "error-title"));
        Assert.False(Html.HasTestId(deniedHtml, "admin-heading"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.True(Html.HasTestId(await allowed.Content.ReadAsStringAsync(), "admin-heading"));
    }

    [Fact]
    public async Task Dashboard_Anonymous_RedirectsToTheSignInPageWithCallbackUrl()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/signin?callbackUrl=%2Fdashboard", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/dashboard?tab=2")]
    [InlineData("/dashboard?tab=2&sort=desc")]
    [InlineData("/dashboard?q=a%20b%26c")]
    public async Task Dashboard_Anonymous_KeepsPathAndQueryInTheCallbackUrl(string pathAndQuery)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync(pathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/auth/signin?", location, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location[location.IndexOf('?', StringComparison.Ordinal)..]);
        Assert.Equal(pathAndQuery, query["callbackUrl"].ToString());
    }

    [Fact]
    public async Task Dashboard_SignInFromTheRedirect_ComesBackToTheOriginalPathAndQuery()
    {
        using var client = site.CreateSiteClient();
        using var challenge = await client.Http.GetAsync("/dashboard?tab=2&sort=desc");
        var location = challenge.Headers.Location!.OriginalString;
        var callbackUrl = QueryHelpers.ParseQuery(location[location.IndexOf('?', StringComparison.Ordinal)..])["callbackUrl"].ToString();

        using var signIn = await client.SignInAsync(DemoUsers.User, callbackUrl: callbackUrl);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(new Uri("http://localhost/dashboard?tab=2&sort=desc"), new Uri(client.Http.BaseAddress!, signIn.Headers.Location!));
        using var dashboard = await client.Http.GetAsync(signIn.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task Dashboard_AnonymousRequestForJson_Gets401JsonNotARedirect()
    {
        // Design §4, rules that hold everywhere: "Requests for JSON (/api/* or Accept: application/json) get 401/403 JSON, not redirects."
        using var client = site.CreateSiteClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(DemoUsers.User, "user")]
    [InlineData(DemoUsers.Admin, "admin")]
    public async Task Dashboard_SignedIn_RendersTheUsersNameAndEmail(string email, string role)
    {
        var stored = await StoredUserAsync(email);
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(email)).Dispose();

        using var response = await client.Http.GetAsync("/dashboard");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored.Name, Html.TestIdText(html, "dashboard-name"));
        Assert.Equal(email, Html.TestIdText(html, "dashboard-email"));
        Assert.Equal(role, Html.TestIdText(html, "dashboard-role"));
    }

    [Fact]
    public async Task SessionPage_Anonymous_RendersNull()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/session");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("null", Html.TestIdText(html, "session-json"));
    }

    [Fact]
    public async Task SessionPage_SignedIn_RendersTheSameSessionAsTheApi()
    {
        var stored = await StoredUserAsync(DemoUsers.Admin);
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.Admin)).Dispose();

        using var response = await client.Http.GetAsync("/session");
        var html = await response.Content.ReadAsStringAsync();
        var api = await client.GetSessionAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rendered = JsonNode.Parse(Html.TestIdText(html, "session-json")!)!.AsObject();
        Assert.Equal(DemoUsers.Admin, (string?)rendered["user"]?["email"]);
        Assert.Equal(stored.Name, (string?)rendered["user"]?["name"]);
        Assert.Equal("admin", (string?)rendered["user"]?["role"]);
        Assert.True(JsonNode.DeepEquals(api, rendered), $"/session rendered {rendered.ToJsonString()}, /api/auth/session gave {api.ToJsonString()}");
    }

    [Fact]
    public async Task ApiExample_Anonymous_Is401WithTheMessage()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/api/example");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"message":"You must be logged in."}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiExample_SignedIn_Is200Success()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        using var response = await client.Http.GetAsync("/api/example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"message":"Success"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiExample_AfterSignOut_Is401Again()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        (await client.SignOutAsync()).Dispose();

        using var response = await client.Http.GetAsync("/api/example");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("You must be logged in.", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())?["message"]);
    }

    private async Task<StoredUser> StoredUserAsync(string email)
    {
        var user = await site.Services.GetRequiredService<UserStore>().FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.False(string.IsNullOrEmpty(user.Name));
        return user;
    }
}
