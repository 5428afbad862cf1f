using System.Net;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// Design §4: in Production the site refuses to start without a secret (the message names <c>AUTH_SECRET</c>) or
/// with one shorter than 32 characters; with a good secret it starts and serves pages.
/// </summary>
public class StartupValidationTests
{
    private const string GoodSecret = "production-secret-7c1e9a4f2b8d6035e1a7c9f4b2d8e6a3";

    [Fact]
    public void Production_WithoutASecret_RefusesToStart_NamingAuthSecret()
    {
        using var site = new SiteFactory { Environment = "Production" };

        var message = StartFailure(site);

        Assert.Contains("AUTH_SECRET", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789")]
    [InlineData("0123456789012345678901234567890")]
    public void Production_WithATooShortSecret_RefusesToStart(string secret)
    {
        using var site = new SiteFactory { Environment = "Production" };
        site.Settings["Auth:Secret"] = secret;

        var message = StartFailure(site);

        Assert.Contains("32", message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_WithATooShortSecondSecret_RefusesToStart()
    {
        using var site = new SiteFactory { Environment = "Production" };
        site.Settings["Auth:Secret"] = GoodSecret;
        site.Settings["Auth:Secrets:0"] = "short";

        Assert.Contains("32", StartFailure(site), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AUTH_SECRET")]
    [InlineData("Auth:Secrets:1")]
    public void Production_WithTheDevelopmentSecret_RefusesToStart_WithoutShowingIt(string key)
    {
        // The site's own appsettings.Development.json, as committed with it.
        var developmentSecret = (string)System.Text.Json.Nodes.JsonNode.Parse(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json")))!["Auth"]!["Secret"]!;
        using var site = new SiteFactory { Environment = "Production" };
        site.Settings["Auth:Secrets:0"] = GoodSecret;
        site.Settings[key] = developmentSecret;

        var message = StartFailure(site);

        Assert.Contains("appsettings.Development.json", message, StringComparison.Ordinal);
        Assert.DoesNotContain(developmentSecret, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Auth:Secret")]
    [InlineData("AUTH_SECRET")]
    [InlineData("NEXTAUTH_SECRET")]
    public async Task Production_WithA32PlusCharacterSecret_StartsAndServesTheHomePage(string key)
    {
        using var site = new SiteFactory { Environment = "Production" };
        site.Settings[key] = GoodSecret;
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([GoodSecret], site.SessionAuthOptions().Secrets);
    }

    [Fact]
    public async Task Production_WithExactly32Characters_Starts()
    {
        using var site = new SiteFactory { Environment = "Production" };
        site.Settings["Auth:Secret"] = new string('s', 16) + new string('t', 16);
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Production_DoesNotSeedTheDemoAccounts()
    {
        using var site = new SiteFactory { Environment = "Production" };
        site.Settings["Auth:Secret"] = GoodSecret;
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, DemoUsers.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("error=CredentialsSignin", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task Production_ServesTheRoutesOfTheContract()
    {
        using var site = new SiteFactory { Environment = "Production" };
        site.Settings["Auth:Secret"] = GoodSecret;
        using var client = site.CreateSiteClient();
        await site.Services.GetRequiredService<UserStore>().CreateAsync("ada@example.org", "correct horse battery staple");

        using var anonymous = await client.Http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        (await client.SignInAsync("ada@example.org", "correct horse battery staple")).Dispose();
        using var dashboard = await client.Http.GetAsync("/dashboard");
        using var example = await client.Http.GetAsync("/api/example");
        using var denied = await client.Http.GetAsync("/auth/error?error=AccessDenied");
        using var configuration = await client.Http.GetAsync("/auth/error?error=Configuration");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, example.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, configuration.StatusCode);
        Assert.True(Html.HasTestId(await configuration.Content.ReadAsStringAsync(), "error-title"), "the error page itself, not the exception page");
    }

    [Fact]
    public async Task Development_StartsWithNoSetUp()
    {
        using var site = new SiteFactory();
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(site.SessionAuthOptions().Secrets, secret => Assert.True(secret.Length >= 32));
    }

    /// <summary>Starts the site, expecting it to refuse; returns every message of the exception chain.</summary>
    private static string StartFailure(SiteFactory site)
    {
        var exception = Assert.ThrowsAny<Exception>(() => site.CreateClient());
        // Under load, WebApplicationFactory can lose the race between the failed start and the entry point's own exit,
        // and report only the disposal of the host it was starting: start the same configuration again to read why.
        for (var attempt = 0; exception is ObjectDisposedException && attempt < 3; attempt++)
        {
            using var again = new SiteFactory { Environment = site.Environment, Database = site.Database, ConfigureTestServices = site.ConfigureTestServices };
            foreach (var (key, value) in site.Settings)
            {
                again.Settings[key] = value;
            }

            foreach (var (key, value) in site.HostSettings)
            {
                again.HostSettings[key] = value;
            }

            exception = Assert.ThrowsAny<Exception>(() => again.CreateClient());
        }

        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(inner => inner.Message));
            }
        }

        return string.Join(Environment.NewLine, messages);
    }
}
