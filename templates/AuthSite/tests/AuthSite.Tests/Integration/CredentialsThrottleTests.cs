using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.Tests.Infrastructure;

namespace AuthSite.Tests.Integration;

/// <summary>Brute-force protection of the credentials sign-in, with the shipped limits (5 failures per email).</summary>
public sealed class CredentialsThrottleTests
{
    private static SiteFactory Site(string window = "00:05:00")
    {
        var site = new SiteFactory { Settings = { ["Auth:Providers:Credentials:FailureWindow"] = window } };
        site.Settings.Remove("Auth:Providers:Credentials:MaxFailuresPerEmail");
        site.Settings.Remove("Auth:Providers:Credentials:MaxFailuresPerAddress");
        return site;
    }

    [Fact]
    public async Task The_sixth_failure_is_refused_and_then_the_right_password_too()
    {
        using var site = Site();
        using var client = site.CreateSiteClient();

        for (var i = 0; i < 5; i++)
        {
            var failure = await client.SignInAsync("user@example.com", "wrong");
            Assert.Contains("error=CredentialsSignin", failure.Headers.Location?.OriginalString);
        }

        var sixth = await client.SignInAsync("user@example.com", "wrong");
        Assert.Equal(HttpStatusCode.Redirect, sixth.StatusCode);
        Assert.Contains("error=TooManyAttempts", sixth.Headers.Location?.OriginalString);

        var right = await client.SignInAsync("user@example.com");
        Assert.Contains("error=TooManyAttempts", right.Headers.Location?.OriginalString);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task The_sign_in_page_explains_the_refusal()
    {
        using var site = Site();
        using var client = site.CreateSiteClient();

        var page = await client.Http.GetStringAsync("/auth/signin?error=TooManyAttempts");

        Assert.Contains("Too many failed sign-in attempts", page);
    }

    [Fact]
    public async Task Json_callers_get_429()
    {
        using var site = Site();
        using var client = site.CreateSiteClient();
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync("user@example.com", "wrong");
        }

        var response = await client.Http.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
            ["email"] = "user@example.com",
            ["password"] = "Password1!",
            ["json"] = "true",
        }));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("error=TooManyAttempts", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["url"]);
    }

    [Fact]
    public async Task Another_email_is_unaffected()
    {
        using var site = Site();
        using var client = site.CreateSiteClient();
        for (var i = 0; i < 6; i++)
        {
            await client.SignInAsync("user@example.com", "wrong");
        }

        var admin = await client.SignInAsync("admin@example.com");

        Assert.Equal("http://localhost/", admin.Headers.Location?.OriginalString);
        Assert.Equal("admin@example.com", (string?)(await client.GetSessionAsync())["user"]!["email"]);
    }

    [Fact]
    public async Task Successes_are_not_counted()
    {
        using var site = Site();
        using var client = site.CreateSiteClient();

        for (var i = 0; i < 8; i++)
        {
            var success = await client.SignInAsync("user@example.com");
            Assert.Equal("http://localhost/", success.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task Sign_in_works_again_once_the_window_ends()
    {
        using var site = Site(window: "00:00:20");
        using var client = site.CreateSiteClient();
        for (var i = 0; i < 6; i++)
        {
            await client.SignInAsync("user@example.com", "wrong");
        }

        Assert.Contains("error=TooManyAttempts", (await client.SignInAsync("user@example.com")).Headers.Location?.OriginalString);

        // The window is fixed, so it ends at most one window length after the failures began; the window is long
        // enough that six failures fit in it on a busy machine.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? location;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            location = (await client.SignInAsync("user@example.com")).Headers.Location?.OriginalString;
        }
        while (location != "http://localhost/" && DateTime.UtcNow < deadline);

        Assert.Equal("http://localhost/", location);
    }
}
