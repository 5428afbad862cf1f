using System.Net;
using AuthTemplate.Tests.Infrastructure;
using Company.WebApplication1.EndToEnd.OpenIdProvider;
using Npgsql;

namespace AuthTemplate.Tests;

/// <summary>
/// A --database postgres site scales out as its README says: two published instances with one <c>AUTH_SECRET</c> and
/// one PostgreSQL database, started at the same moment behind an nginx that balances them round-robin, behave as one
/// site. Everything is checked through nginx, which names the instance that answered in <c>X-Upstream</c>; nginx's
/// round-robin over two instances alternates, so two requests in a row reach both. The instances share no folder (each
/// has a home of its own), so what they share is in the database or derived from the secret. Processes are stopped by
/// PID when the class ends (<see cref="ScaleOutFixture"/>); the database goes with the run's PostgreSQL server.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed class ScaleOutTests(TemplateFixture fixture, PostgresFixture postgres, ScaleOutFixture scaleOut, ITestOutputHelper output)
    : IClassFixture<ScaleOutFixture>
{
    private const string Password = "Scale-out-test-password-1";

    [Fact]
    public async Task Two_db_migrate_at_once_apply_the_migrations_once_and_both_instances_are_ready()
    {
        var (site, _) = await scaleOut.GetAsync(fixture, postgres);

        await using (var connection = new NpgsqlConnection(site.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""SELECT count(*), count(DISTINCT "MigrationId") FROM "__EFMigrationsHistory" """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var (rows, distinct) = (reader.GetInt64(0), reader.GetInt64(1));
            output.WriteLine($"__EFMigrationsHistory: {rows} rows");
            Assert.True(rows > 0, "No migration was applied.\n" + site.Describe());
            Assert.Equal(distinct, rows);
        }

        Assert.All(site.Instances, instance => Assert.False(instance.HasExited, "An instance stopped after starting.\n" + site.Describe()));

        using var client = site.CreateClient();
        var answered = new List<int>();
        foreach (var path in new[] { "/healthz/ready", "/healthz/ready", "/healthz", "/healthz" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}.\n{site.Describe()}");
            answered.Add(site.InstanceOf(response));
        }

        Assert.Equal([0, 1], answered.Distinct().Order());
    }

    [Fact]
    public async Task A_user_added_once_signs_in_and_20_requests_alternate_instances_all_signed_in()
    {
        var (site, _) = await scaleOut.GetAsync(fixture, postgres);
        const string email = "ada@example.com";
        site.Published.AddUser(site.Published.Directory, site.Environment, email, role: null, Password, Log("users-add-ada"));

        using var client = site.CreateClient();
        var signIn = await CredentialsForm.SignInAsync(client, "", email, Password, "/dashboard");
        Assert.True(signIn.StatusCode == HttpStatusCode.Found, $"Sign-in answered {(int)signIn.StatusCode}.\n{site.Describe()}");
        Assert.Equal(new Uri($"{site.Origin}/dashboard"), signIn.Headers.Location);

        var answered = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            var dashboard = await client.GetAsync("/dashboard");
            answered.Add(site.InstanceOf(dashboard));
            Assert.True(dashboard.StatusCode == HttpStatusCode.OK, $"Request {i + 1} to /dashboard answered {(int)dashboard.StatusCode} from {site.Upstreams[answered[^1]]}.");
            Assert.Contains(email, await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        output.WriteLine("instances: " + string.Join(' ', answered));
        Assert.All(answered.Skip(1).Zip(answered), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task A_form_rendered_by_one_instance_posts_to_the_other()
    {
        var (site, _) = await scaleOut.GetAsync(fixture, postgres);
        const string email = "grace@example.com";
        site.Published.AddUser(site.Published.Directory, site.Environment, email, role: null, Password, Log("users-add-grace"));
        using var client = site.CreateClient();

        // The sign-in page's credentials form, rendered by one instance, posted to the other.
        var page = await client.GetAsync("/auth/signin?callbackUrl=%2Fdashboard");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = HtmlForm.Find(await page.Content.ReadAsStringAsync(), "/api/auth/callback/credentials");
        var signIn = await client.PostAsync(form.Action, form.Content(("email", email), ("password", Password)));
        Assert.NotEqual(site.InstanceOf(page), site.InstanceOf(signIn));
        Assert.True(signIn.StatusCode == HttpStatusCode.Found, $"Sign-in answered {(int)signIn.StatusCode}.\n{site.Describe()}");
        Assert.Equal(new Uri($"{site.Origin}/dashboard"), signIn.Headers.Location);

        // The sign-out form of the signed-in home page, likewise.
        var home = await client.GetAsync("/");
        var signOutForm = HtmlForm.Find(await home.Content.ReadAsStringAsync(), "/api/auth/signout");
        var signOut = await client.PostAsync(signOutForm.Action, signOutForm.Content());
        Assert.NotEqual(site.InstanceOf(home), site.InstanceOf(signOut));
        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.DoesNotContain("csrf=true", signOut.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Equal("{}", (await client.GetStringAsync("/api/auth/session")).Trim());
    }

    // Its own test: the throttle's counts must live in the database for this to hold, which the rest does not need.
    [Fact]
    public async Task Six_wrong_passwords_spread_over_both_instances_are_refused_on_the_sixth()
    {
        var (site, _) = await scaleOut.GetAsync(fixture, postgres);
        // An email of its own in the throttle's keys: no other test guesses for it.
        const string email = "throttled@example.com";
        using var client = site.CreateClient();
        var csrfToken = await CredentialsForm.CsrfTokenAsync(client, "");

        var answers = new List<(int Instance, string? Location)>();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var response = await client.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["csrfToken"] = csrfToken,
                ["email"] = email,
                ["password"] = $"wrong-password-{attempt}",
                ["callbackUrl"] = "/dashboard",
            }));
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            answers.Add((site.InstanceOf(response), response.Headers.Location?.OriginalString));
        }

        output.WriteLine(string.Join('\n', answers.Select((a, i) => $"attempt {i + 1}: instance {a.Instance} -> {a.Location}")));
        Assert.Equal([0, 1], answers.Select(a => a.Instance).Distinct().Order());
        Assert.All(answers.Take(5), a => Assert.Contains("error=CredentialsSignin", a.Location, StringComparison.Ordinal));
        Assert.True(
            answers[5].Location?.Contains("error=TooManyAttempts", StringComparison.Ordinal) == true,
            $"The sixth wrong password in a row was not refused: it answered {answers[5].Location} from instance {answers[5].Instance}. " +
            "The instances do not share the throttle's counts.");
    }

    [Fact]
    public async Task An_OpenID_Connect_sign_in_started_on_one_instance_completes_on_the_other()
    {
        var (site, provider) = await scaleOut.GetAsync(fixture, postgres);
        var user = provider.Users[0];
        using var client = site.CreateClient();
        using var providerClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = provider.Authority };

        // The sign-in page's button for the provider: its state is protected with the keys of the instance that starts.
        var page = await client.GetAsync("/auth/signin?callbackUrl=%2Fdashboard");
        var button = HtmlForm.Find(await page.Content.ReadAsStringAsync(), "/api/auth/signin/oidc");
        var start = await client.PostAsync(button.Action, button.Content());
        Assert.True(start.StatusCode == HttpStatusCode.Found, $"The provider sign-in answered {(int)start.StatusCode}.\n{site.Describe()}");
        var authorize = start.Headers.Location!;
        Assert.StartsWith(provider.Authority.AbsoluteUri, authorize.AbsoluteUri, StringComparison.Ordinal);

        // The user picks themself on the provider's consent page; the provider sends the browser back through nginx.
        var consent = HtmlForm.Find(await providerClient.GetStringAsync(authorize), "/connect/authorize");
        var decision = await providerClient.PostAsync(new Uri(authorize, consent.Action), consent.Content((ConsentPage.UserField, user.Username)));
        Assert.Equal(HttpStatusCode.Redirect, decision.StatusCode);
        var callback = decision.Headers.Location!;
        Assert.StartsWith($"{site.Origin}{TestOpenIdProvider.CallbackPath}?", callback.AbsoluteUri, StringComparison.Ordinal);

        var landing = await client.GetAsync(callback);
        Assert.NotEqual(site.InstanceOf(start), site.InstanceOf(landing));
        Assert.True(landing.StatusCode == HttpStatusCode.Found, $"The callback answered {(int)landing.StatusCode}.\n{site.Describe()}");
        Assert.Equal(new Uri($"{site.Origin}/dashboard"), landing.Headers.Location);
        var dashboard = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(user.Email, await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private string Log(string name) => Path.Combine(fixture.LogDirectory, $"scaleout.{name}.log");
}
