using System.Net;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// Design §4: in Production no demo account can sign in, whatever the database holds, even one that a Development run
/// seeded on the same content root; the start-up removes them and says so.
/// </summary>
public sealed class DemoAccountTests : IDisposable
{
    private const string ProductionSecret = "production-secret-3e8a1c6f9b2d4075a1c3e5f7b9d2a4c6";
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"demo-accounts-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Development_then_Production_on_one_database_refuses_the_demo_accounts()
    {
        using (var development = new SiteFactory { Database = _database })
        {
            using var client = development.CreateSiteClient();
            (await client.SignInAsync(DemoUsers.Admin)).Dispose();
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/admin")).StatusCode);
        }

        using var production = Production();
        using var visitor = production.CreateSiteClient();
        Assert.Contains(production.Services.GetFakeLogCollector().GetSnapshot(), record =>
            record.Level == LogLevel.Warning && record.Message.StartsWith("Demo account admin@example.com removed", StringComparison.Ordinal));

        foreach (var email in new[] { DemoUsers.Admin, DemoUsers.User })
        {
            using var response = await visitor.SignInAsync(email, DemoUsers.Password);
            Assert.Contains("error=CredentialsSignin", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Empty(await visitor.GetSessionAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.Http.GetAsync("/admin")).StatusCode);
        Assert.Null(await production.Services.GetRequiredService<UserStore>().FindByEmailAsync(DemoUsers.Admin));
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("database")]
    public async Task A_demo_session_started_in_Development_ends_in_Production(string strategy)
    {
        // One secret for both runs, as when AUTH_SECRET is exported in the shell that runs them; one browser for both ports.
        string cookie;
        using (var development = new SiteFactory { Database = _database, Settings = { ["Auth:Secret"] = ProductionSecret, ["Auth:Session:Strategy"] = strategy } })
        {
            cookie = await development.SignInCookieHeaderAsync(DemoUsers.Admin);
        }

        using var production = Production(strategy);
        using var client = production.CreateRawClient();

        using var session = await client.SendAsync(Requests.Get("/api/auth/session", cookie));
        using var admin = await client.SendAsync(Requests.Get("/admin", cookie));

        Assert.Equal("{}", await session.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("database")]
    public async Task Production_refuses_a_demo_session_that_Development_starts_on_the_same_database_after_start_up(string strategy)
    {
        using var production = Production(strategy);
        using var client = production.CreateRawClient();
        using var development = new SiteFactory { Database = _database, Settings = { ["Auth:Secret"] = ProductionSecret, ["Auth:Session:Strategy"] = strategy } };

        // Development seeds the demo accounts again and signs one in; the browser sends that cookie to Production too.
        var cookie = await development.SignInCookieHeaderAsync(DemoUsers.Admin);
        using var session = await client.SendAsync(Requests.Get("/api/auth/session", cookie));
        using var example = await client.SendAsync(Requests.Get("/api/example", cookie));
        using var admin = await client.SendAsync(Requests.Get("/admin", cookie));

        Assert.Equal("{}", await session.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, example.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
    }

    [Fact]
    public async Task Production_refuses_a_demo_account_that_appears_after_start_up()
    {
        using var production = Production();
        using var client = production.CreateSiteClient();

        // A Development run sharing the database seeds it while Production runs.
        var users = production.Services.GetRequiredService<UserStore>();
        await users.CreateAsync(DemoUsers.Admin, DemoUsers.Password, "admin", "Demo Admin");
        using var response = await client.SignInAsync(DemoUsers.Admin, DemoUsers.Password);

        Assert.Contains("error=CredentialsSignin", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task Production_still_signs_in_real_users()
    {
        using var production = Production();
        using var client = production.CreateSiteClient();
        await production.Services.GetRequiredService<UserStore>().CreateAsync("ada@example.org", "correct horse battery staple", "admin");

        using var response = await client.SignInAsync("ada@example.org", "correct horse battery staple");

        Assert.Equal("http://localhost/", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/admin")).StatusCode);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Demo_users_switched_on_outside_Development_stop_start_up_with_a_message(string environment)
    {
        using var site = new SiteFactory { Environment = environment, Database = _database };
        site.Settings["Auth:Secret"] = ProductionSecret;
        site.Settings["Auth:DemoUsers"] = "true";

        var exception = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        Assert.Contains("Auth:DemoUsers", exception.ToString(), StringComparison.Ordinal);
        Assert.Contains("Development only", exception.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => SiteFactory.DeleteDatabase(_database);

    /// <summary>The site in Production on the shared database, its log kept in memory (<c>GetFakeLogCollector</c>).</summary>
    private SiteFactory Production(string strategy = "jwt")
    {
        var site = new SiteFactory
        {
            Environment = "Production",
            Database = _database,
            ConfigureTestServices = services => services.AddFakeLogging(),
        };
        site.Settings["Auth:Secret"] = ProductionSecret;
        site.Settings["Auth:Session:Strategy"] = strategy;
        return site;
    }
}
