using System.Net;
using System.Text.Json.Nodes;
using Company.WebApplication1.Tests.Integration.Support;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// <c>POST /api/auth/session</c> (update) and the callbacks around every session read: the jwt callback's triggers,
/// the session computed once per request, the signIn/signOut events.
/// </summary>
public class SessionCallbackTests(RecordingSiteFactory site) : IClassFixture<RecordingSiteFactory>
{
    [Fact]
    public async Task Update_WithCsrf_RunsTheJwtCallbackWithTriggerUpdate_AndAnswersTheNewSession()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var name = "Renamed " + Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["name"] = name } };

        using var response = await client.Http.SendAsync(Requests.PostJson("/api/auth/session", body));
        var session = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name, (string?)session["user"]?["name"]);
        Assert.Equal(DemoUsers.User, (string?)session["user"]?["email"]);
        Assert.NotNull(session["expires"]);
        var update = Assert.Single(site.JwtCalls, call => call.Trigger == "update" && (string?)call.Session?["name"] == name);
        Assert.Equal("/api/auth/session", update.Path);
        Assert.NotNull(SetCookies.Written(response).GetValueOrDefault(site.SessionCookieName()));
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(name, (string?)(await client.GetSessionAsync())["user"]?["name"]);
    }

    [Fact]
    public async Task Update_WithoutCsrf_Is400EmptyObject_AndChangesNothing()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var before = await client.GetSessionAsync();
        var name = "Renamed " + Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["data"] = new JsonObject { ["name"] = name } };

        using var response = await client.Http.SendAsync(Requests.PostJson("/api/auth/session", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(site.JwtCalls, call => (string?)call.Session?["name"] == name);
        Assert.DoesNotContain(SetCookies.Of(response), cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), site.SessionCookieName()));
        Assert.Equal((string?)before["user"]?["name"], (string?)(await client.GetSessionAsync())["user"]?["name"]);
    }

    [Fact]
    public async Task Update_Anonymous_AnswersAnEmptyObject()
    {
        using var client = site.CreateSiteClient();
        var name = "Nobody " + Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["name"] = name } };

        using var response = await client.Http.SendAsync(Requests.PostJson("/api/auth/session", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(site.JwtCalls, call => (string?)call.Session?["name"] == name);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task SignIn_RunsTheJwtCallbackWithTriggerSignIn_TheUserAndTheAccount()
    {
        using var client = site.CreateSiteClient();

        (await client.SignInAsync(DemoUsers.Admin)).Dispose();

        var call = site.JwtCalls.Last(c => c.Trigger == "signIn" && c.UserEmail == DemoUsers.Admin);
        Assert.Equal("admin", call.UserRole);
        Assert.Equal("credentials", call.Provider);
        Assert.Equal("/api/auth/callback/credentials", call.Path);
        Assert.Contains($"signIn {DemoUsers.Admin}", site.Events);
    }

    [Fact]
    public async Task SessionRead_RunsTheJwtCallbackWithoutATrigger()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var probe = "/api/auth/session?probe=" + Guid.NewGuid().ToString("N");

        using var response = await client.Http.GetAsync(probe);

        var call = Assert.Single(site.JwtCalls, c => c.Path == probe);
        Assert.Null(call.Trigger);
        Assert.Null(call.UserEmail);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard")]
    [InlineData("/session")]
    public async Task ThePageAndItsLayout_ComputeTheSessionOncePerRequest(string path)
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var probe = path + "?probe=" + Guid.NewGuid().ToString("N");

        using var response = await client.Http.GetAsync(probe);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(site.SessionCalls, p => p == probe);
        Assert.Single(site.JwtCalls, c => c.Path == probe);
    }

    [Fact]
    public async Task SignOut_RaisesTheSignOutEventWithTheEndedToken()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.Admin)).Dispose();

        (await client.SignOutAsync()).Dispose();

        Assert.Contains($"signOut {DemoUsers.Admin}", site.Events);
    }
}
