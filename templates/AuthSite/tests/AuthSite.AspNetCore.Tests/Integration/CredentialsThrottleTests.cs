using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Brute-force protection of the credentials sign-in, with the shipped limits: 5 failures per (email, address) are
/// refused, more than 20 per email or 50 per address slow every further attempt (1 s doubling up to 10 s), never refuse it.
/// </summary>
public sealed class CredentialsThrottleTests
{
    private const string Attacker = "203.0.113.66";
    private const string Owner = "198.51.100.20";

    [Fact]
    public async Task The_sixth_failure_from_one_address_is_refused_without_checking_the_password_and_then_the_right_password_too()
    {
        using var site = new ThrottleSiteFactory();
        using var attacker = site.CreateSiteClientFrom(Attacker);

        for (var i = 0; i < 5; i++)
        {
            var failure = await attacker.SignInAsync(DemoUsers.User, "wrong");
            Assert.Contains("error=CredentialsSignin", failure.Headers.Location?.OriginalString);
        }

        var sixth = await attacker.SignInAsync(DemoUsers.User, "wrong");
        Assert.Equal(HttpStatusCode.Redirect, sixth.StatusCode);
        Assert.Contains("error=TooManyAttempts", sixth.Headers.Location?.OriginalString);

        var right = await attacker.SignInAsync(DemoUsers.User);
        Assert.Contains("error=TooManyAttempts", right.Headers.Location?.OriginalString);
        Assert.Empty(await attacker.GetSessionAsync());
        Assert.Equal(5, site.PasswordChecks);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    public async Task An_attacker_cannot_lock_the_owner_out_from_another_address(int failures)
    {
        using var site = new ThrottleSiteFactory();
        using var attacker = site.CreateSiteClientFrom(Attacker);
        for (var i = 0; i < failures; i++)
        {
            await attacker.SignInAsync(DemoUsers.Admin, "wrong");
        }

        using var owner = site.CreateSiteClientFrom(Owner);
        var signIn = await owner.SignInAsync(DemoUsers.Admin).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("http://localhost/", signIn.Headers.Location?.OriginalString);
        Assert.Equal(DemoUsers.Admin, (string?)(await owner.GetSessionAsync())["user"]!["email"]);
    }

    [Fact]
    public async Task Parallel_guesses_get_no_more_passwords_checked_than_the_limit()
    {
        const int guesses = 20;
        using var site = new ThrottleSiteFactory();
        var csrf = await site.GetCsrfPairAsync();
        using var http = site.CreateRawClient();

        // Every password check is held until each guess is either being checked or answered, so all of them have
        // passed the throttle before any failure is known.
        var arrived = 0;
        var answered = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void ReleaseWhenAllAreIn()
        {
            if (Volatile.Read(ref arrived) + Volatile.Read(ref answered) == guesses)
            {
                release.TrySetResult();
            }
        }

        site.BeforePasswordCheck = () =>
        {
            Interlocked.Increment(ref arrived);
            ReleaseWhenAllAreIn();
            return release.Task;
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, guesses).Select(async i =>
        {
            var request = Requests.PostForm("/api/auth/callback/credentials", new Dictionary<string, string>
            {
                ["csrfToken"] = csrf.Token,
                ["email"] = DemoUsers.User,
                ["password"] = $"guess-{i}",
            }, csrf.Cookie);
            request.Headers.Add(SiteFactory.ClientAddressHeader, Attacker);
            var response = await http.SendAsync(request);
            Interlocked.Increment(ref answered);
            ReleaseWhenAllAreIn();
            return response;
        })).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(5, site.PasswordChecks);
        Assert.Equal(5, responses.Count(r => r.Headers.Location!.OriginalString.Contains("error=CredentialsSignin")));
        Assert.Equal(guesses - 5, responses.Count(r => r.Headers.Location!.OriginalString.Contains("error=TooManyAttempts")));
    }

    [Theory]
    [InlineData(255, 10)]
    [InlineData(20, 1025)]
    public async Task An_overlong_email_or_password_is_refused_before_it_is_counted_or_checked(int emailLength, int passwordLength)
    {
        using var site = new ThrottleSiteFactory { Settings = { ["Auth:Providers:Credentials:MaxFailuresPerAddress"] = "1" } };
        using var client = site.CreateSiteClientFrom(Attacker);
        var email = new string('a', emailLength - "@example.com".Length) + "@example.com";
        var password = new string('p', passwordLength);

        for (var i = 0; i < 3; i++)
        {
            var refused = await client.SignInAsync(email, password);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("error=CredentialsTooLong", refused.Headers.Location?.OriginalString);
        }

        var json = await client.Http.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
            ["email"] = email,
            ["password"] = password,
            ["json"] = "true",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Contains("error=CredentialsTooLong", (string?)(await json.Content.ReadFromJsonAsync<JsonObject>())!["url"]);
        Assert.Equal(0, site.PasswordChecks);

        // Had the refusals been counted, this address would be past its ceiling of 1 and the sign-in would wait on a
        // clock that no one moves.
        var signIn = await client.SignInAsync(DemoUsers.User).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("http://localhost/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_megabyte_email_is_refused_as_too_large_a_body_before_it_is_counted_or_checked()
    {
        using var site = new ThrottleSiteFactory { Settings = { ["Auth:Providers:Credentials:MaxFailuresPerAddress"] = "1" } };
        using var client = site.CreateSiteClientFrom(Attacker);

        var refused = await client.SignInAsync(new string('a', 1_000_000) + "@example.com", "wrong");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(0, site.PasswordChecks);
        var signIn = await client.SignInAsync(DemoUsers.User).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("http://localhost/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_longest_email_and_password_allowed_are_checked()
    {
        using var site = new ThrottleSiteFactory();
        using var client = site.CreateSiteClientFrom(Attacker);

        var response = await client.SignInAsync(new string('a', 254 - "@example.com".Length) + "@example.com", new string('p', 1024));

        Assert.Contains("error=CredentialsSignin", response.Headers.Location?.OriginalString);
        Assert.Equal(1, site.PasswordChecks);
    }


    [Fact]
    public async Task Json_callers_get_429_with_Retry_After_until_the_window_ends()
    {
        using var site = new ThrottleSiteFactory();
        using var client = site.CreateSiteClientFrom(Attacker);
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync(DemoUsers.User, "wrong");
        }

        var refused = await JsonSignInAsync(client);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("error=TooManyAttempts", (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["url"]);
        Assert.Equal(TimeSpan.FromSeconds(300), refused.Headers.RetryAfter?.Delta);

        site.Time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(TimeSpan.FromSeconds(200), (await JsonSignInAsync(client)).Headers.RetryAfter?.Delta);

        site.Time.Advance(TimeSpan.FromSeconds(200));
        var signedIn = await JsonSignInAsync(client);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Null(signedIn.Headers.RetryAfter);
        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]!["email"]);
    }

    [Fact]
    public async Task Failures_beyond_the_email_ceiling_delay_every_address_more_and_more_and_the_owner_still_signs_in()
    {
        using var site = new ThrottleSiteFactory();

        // 20 failures for the email, 5 from each of 4 addresses: none refused for the owner, none slowed yet.
        for (var address = 1; address <= 4; address++)
        {
            using var attacker = site.CreateSiteClientFrom($"203.0.113.{address}");
            for (var i = 0; i < 5; i++)
            {
                Assert.Contains("error=CredentialsSignin", (await attacker.SignInAsync(DemoUsers.User, "wrong")).Headers.Location?.OriginalString);
            }
        }

        using var fifth = site.CreateSiteClientFrom("203.0.113.5");
        foreach (var seconds in new[] { 1, 2, 4, 8, 10 })
        {
            var guess = await AfterTheSiteWaitsAsync(site, TimeSpan.FromSeconds(seconds), fifth.SignInAsync(DemoUsers.User, "wrong"));
            Assert.Contains("error=CredentialsSignin", guess.Headers.Location?.OriginalString);
        }

        using var owner = site.CreateSiteClientFrom(Owner);
        var signIn = await AfterTheSiteWaitsAsync(site, TimeSpan.FromSeconds(10), owner.SignInAsync(DemoUsers.User));
        Assert.Equal("http://localhost/", signIn.Headers.Location?.OriginalString);
        Assert.Equal(DemoUsers.User, (string?)(await owner.GetSessionAsync())["user"]!["email"]);
    }

    [Fact]
    public async Task An_office_behind_one_address_is_slowed_after_50_failures_not_denied()
    {
        using var site = new ThrottleSiteFactory();
        using var office = site.CreateSiteClientFrom(Attacker);
        for (var colleague = 0; colleague < 10; colleague++)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Contains("error=CredentialsSignin", (await office.SignInAsync($"colleague{colleague}@example.com", "wrong")).Headers.Location?.OriginalString);
            }
        }

        var signIn = await AfterTheSiteWaitsAsync(site, TimeSpan.FromSeconds(1), office.SignInAsync(DemoUsers.User));

        Assert.Equal("http://localhost/", signIn.Headers.Location?.OriginalString);
        Assert.Equal(DemoUsers.User, (string?)(await office.GetSessionAsync())["user"]!["email"]);
    }

    [Fact]
    public async Task When_the_counts_fill_the_store_new_attempts_wait_the_longest_delay_and_are_still_checked()
    {
        // One attempt counts three keys: the (email, address) pair, the email and the address.
        using var site = new ThrottleSiteFactory { Settings = { ["Auth:Providers:Credentials:MaxTrackedKeys"] = "3" } };
        using var first = site.CreateSiteClientFrom(Attacker);
        Assert.Contains("error=CredentialsSignin", (await first.SignInAsync("nobody@example.com", "wrong")).Headers.Location?.OriginalString);

        using var owner = site.CreateSiteClientFrom(Owner);
        var signIn = await AfterTheSiteWaitsAsync(site, TimeSpan.FromSeconds(10), owner.SignInAsync(DemoUsers.User));

        Assert.Equal("http://localhost/", signIn.Headers.Location?.OriginalString);
        Assert.Equal(2, site.PasswordChecks);
    }

    [Fact]
    public async Task Another_email_is_unaffected()
    {
        using var site = new ThrottleSiteFactory();
        using var client = site.CreateSiteClientFrom(Attacker);
        for (var i = 0; i < 6; i++)
        {
            await client.SignInAsync(DemoUsers.User, "wrong");
        }

        var admin = await client.SignInAsync(DemoUsers.Admin);

        Assert.Equal("http://localhost/", admin.Headers.Location?.OriginalString);
        Assert.Equal(DemoUsers.Admin, (string?)(await client.GetSessionAsync())["user"]!["email"]);
    }

    [Fact]
    public async Task Successes_are_not_counted()
    {
        using var site = new ThrottleSiteFactory { Settings = { ["Auth:Providers:Credentials:MaxFailuresPerAddress"] = "1" } };
        using var client = site.CreateSiteClientFrom(Attacker);

        for (var i = 0; i < 8; i++)
        {
            var success = await client.SignInAsync(DemoUsers.User).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("http://localhost/", success.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task Email_case_and_an_IPv6_interface_id_do_not_make_new_counts()
    {
        using var site = new ThrottleSiteFactory();
        for (var i = 0; i < 5; i++)
        {
            using var client = site.CreateSiteClientFrom($"2001:db8:1:2::{i + 1}");
            await client.SignInAsync(i % 2 == 0 ? DemoUsers.User : DemoUsers.User.ToUpperInvariant(), "wrong");
        }

        using var sameNetwork = site.CreateSiteClientFrom("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
        var refused = await sameNetwork.SignInAsync(" User@Example.com ", "wrong");

        Assert.Contains("error=TooManyAttempts", refused.Headers.Location?.OriginalString);
        Assert.Equal(5, site.PasswordChecks);
    }

    /// <summary>Waits until the site waits <paramref name="delay"/> on its clock, checks it does not answer a moment before, then moves the clock on.</summary>
    private static async Task<HttpResponseMessage> AfterTheSiteWaitsAsync(ThrottleSiteFactory site, TimeSpan delay, Task<HttpResponseMessage> request)
    {
        await site.WaitUntilTheSiteWaitsAsync(delay);
        site.Time.Advance(delay - TimeSpan.FromMilliseconds(1));
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        Assert.False(request.IsCompleted, $"The sign-in was answered before {delay} had passed on the site's clock.");
        site.Time.Advance(TimeSpan.FromMilliseconds(1));
        return await request.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<HttpResponseMessage> JsonSignInAsync(SiteClient client) =>
        await client.Http.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
            ["email"] = DemoUsers.User,
            ["password"] = DemoUsers.Password,
            ["json"] = "true",
        }));
}
