#if (Oidc)
using System.Text.RegularExpressions;
using AuthSite.AspNetCore;
using Company.WebApplication1.EndToEnd.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Company.WebApplication1.EndToEnd;

/// <summary>Sign-in through a real OpenID Connect provider on a loopback port: code flow with state, PKCE and nonce.</summary>
[Collection(SiteCollection.Name)]
public sealed class OpenIdConnectSignInTests(SiteServer site, BrowserFixture browser, ITestOutputHelper output) : BrowserTest(site, browser, output)
{
    [Fact]
    public Task First_sign_in_creates_and_links_a_user_and_lands_on_the_callback_url() => RunAsync(async page =>
    {
        var alice = Site.OpenIdProvider.AddUser($"sub-{Guid.NewGuid():N}", "Alice Liddell", $"alice-{Guid.NewGuid():N}@example.org");

        await page.GotoAsync("/dashboard?tab=1");
        await page.GetByTestId("provider-oidc").ClickAsync();
        await page.GetByTestId($"oidc-allow-{alice.Username}").ClickAsync();

        await Expect(page.GetByTestId("dashboard-email")).ToHaveTextAsync(alice.Email);
        await Expect(page.GetByTestId("dashboard-name")).ToHaveTextAsync(alice.Name);
        Assert.Equal("/dashboard?tab=1", CurrentUrl(page).PathAndQuery);

        var linked = await Site.Services.GetRequiredService<IAuthAdapter>().GetUserByAccountAsync("oidc", alice.Subject, CancellationToken.None);
        Assert.Equal(alice.Email, linked?.Email);
    });

    [Fact]
    public Task A_sign_in_completes_after_a_hundred_abandoned_ones() => RunAsync(async page =>
    {
        var carol = Site.OpenIdProvider.AddUser($"sub-{Guid.NewGuid():N}", "Carol Patient", $"carol-{Guid.NewGuid():N}@example.org");
        // Requests of the page's own context: their cookies land in this browser, as if the user had opened the
        // sign-in page and left the provider's page a hundred times without answering it.
        var requests = page.Context.APIRequest;
        for (var start = 0; start < 100; start++)
        {
            var csrf = await (await requests.GetAsync("/api/auth/csrf")).JsonAsync();
            var form = requests.CreateFormData().Set("csrfToken", csrf!.Value.GetProperty("csrfToken").GetString()!);
            var abandoned = await requests.PostAsync("/api/auth/signin/oidc", new() { Form = form, MaxRedirects = 0 });
            Assert.Equal(302, abandoned.Status);
            Assert.StartsWith(Site.OpenIdProvider.Authority.AbsoluteUri, abandoned.Headers["location"]);
        }

        await page.GotoAsync("/auth/signin");
        await page.GetByTestId("provider-oidc").ClickAsync();
        await page.GetByTestId($"oidc-allow-{carol.Username}").ClickAsync();

        await Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync(carol.Email);
        // The last start removed the abandoned ones' correlation and nonce cookies, the callback its own.
        var flowCookies = (await page.Context.CookiesAsync()).Where(cookie =>
            cookie.Name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) || cookie.Name.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal));
        Assert.Empty(flowCookies);
    });

    [Fact]
    public Task A_returning_user_is_found_by_the_linked_account() => RunAsync(async page =>
    {
        var bob = Site.OpenIdProvider.AddUser($"sub-{Guid.NewGuid():N}", "Bob Returning", $"bob-{Guid.NewGuid():N}@example.org");
        for (var visit = 0; visit < 2; visit++)
        {
            await page.Context.ClearCookiesAsync();
            await page.GotoAsync("/auth/signin");
            await page.GetByTestId("provider-oidc").ClickAsync();
            await page.GetByTestId($"oidc-allow-{bob.Username}").ClickAsync();
            await Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync(bob.Email);
        }

        var user = await Site.Services.GetRequiredService<IAuthAdapter>().GetUserByEmailAsync(bob.Email, CancellationToken.None);
        Assert.NotNull(user);
    });

    [Fact]
    public Task Cancelling_at_the_provider_shows_an_error_on_the_sign_in_page() => RunAsync(async page =>
    {
        await page.GotoAsync("/auth/signin");
        await page.GetByTestId("provider-oidc").ClickAsync();
        await page.GetByTestId("oidc-cancel").ClickAsync();

        await Expect(page.GetByTestId("signin-error")).ToBeVisibleAsync();
        Assert.Equal("/auth/signin", CurrentUrl(page).AbsolutePath);
        Assert.Contains("error=OAuthCallback", CurrentUrl(page).Query);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task A_tampered_state_is_refused_with_OAuthCallback() => RunAsync(async page =>
    {
        var alice = Site.OpenIdProvider.Users[0];
        // The provider answers the consent form with a redirect back to the site; forge the state in it.
        await page.RouteAsync(new Regex("/connect/authorize"), async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            var response = await route.FetchAsync(new() { MaxRedirects = 0 });
            var headers = new Dictionary<string, string>(response.Headers) { ["location"] = Regex.Replace(response.Headers["location"], "state=[^&]+", "state=forged") };
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });

        await page.GotoAsync("/auth/signin");
        await page.GetByTestId("provider-oidc").ClickAsync();
        await page.GetByTestId($"oidc-allow-{alice.Username}").ClickAsync();

        await Expect(page.GetByTestId("signin-error")).ToBeVisibleAsync();
        Assert.Contains("error=OAuthCallback", CurrentUrl(page).Query);
        await page.GotoAsync("/session");
        await Expect(page.GetByTestId("session-json")).ToHaveTextAsync("null");
    });

    [Fact]
    public Task A_sign_in_the_signIn_callback_refuses_gets_the_403_access_denied_page() => RunAsync(async page =>
    {
        var blocked = Site.OpenIdProvider.Users.FirstOrDefault(u => u.Email == SiteServer.BlockedEmail)
            ?? Site.OpenIdProvider.AddUser("blocked-sub", "Blocked Person", SiteServer.BlockedEmail);

        await page.GotoAsync("/auth/signin");
        await page.GetByTestId("provider-oidc").ClickAsync();
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByTestId($"oidc-allow-{blocked.Username}").ClickAsync(),
            r => r.Url.Contains("/auth/error", StringComparison.Ordinal));

        Assert.Equal(403, response.Status);
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("Access denied");
        var user = await Site.Services.GetRequiredService<IAuthAdapter>().GetUserByEmailAsync(SiteServer.BlockedEmail, CancellationToken.None);
        Assert.Null(user);
    });

    [Fact]
    public Task An_email_that_belongs_to_another_user_is_not_linked() => RunAsync(async page =>
    {
        var impostor = Site.OpenIdProvider.AddUser($"sub-{Guid.NewGuid():N}", "Not The Demo User", DemoUser, username: $"impostor{Guid.NewGuid():N}");

        await page.GotoAsync("/auth/signin");
        await page.GetByTestId("provider-oidc").ClickAsync();
        await page.GetByTestId($"oidc-allow-{impostor.Username}").ClickAsync();

        await Expect(page.GetByTestId("signin-error")).ToContainTextAsync("same account you used originally");
        Assert.Contains("error=OAuthAccountNotLinked", CurrentUrl(page).Query);
        Assert.Null(await Site.Services.GetRequiredService<IAuthAdapter>().GetUserByAccountAsync("oidc", impostor.Subject, CancellationToken.None));
    });
}
#endif
