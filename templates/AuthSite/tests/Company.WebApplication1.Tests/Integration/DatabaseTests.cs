using System.Net;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// The schema is migrations: applied at start-up in Development and by <c>db migrate</c> elsewhere, refused while pending
/// in Production, upgrading a database made before migrations with its rows; the health endpoints report it; the Data
/// Protection keys live in the database. Runs on SQLite, or on PostgreSQL when <c>AUTHSITE_TEST_POSTGRES</c> is set.
/// </summary>
public sealed class DatabaseTests : IDisposable
{
    private const string ProductionSecret = "production-secret-5b2e8d1a7c4f9063b8e2a5d7c1f4b9e6";
    private static readonly string[] AllMigrations = ["Initial", "DataProtectionKeys", "CredentialsThrottle", "Sessions"];
    private readonly string _database = SiteFactory.Postgres is null
        ? Path.Combine(Path.GetTempPath(), $"database-tests-{Guid.NewGuid():N}.db")
        : $"database_tests_{Guid.NewGuid():N}";

    [Fact]
    public async Task Development_applies_the_migrations_and_the_health_endpoints_answer_200_uncached_and_anonymous()
    {
        // A matcher that would guard the health endpoints, were they not answered ahead of the middleware.
        using var site = new SiteFactory
        {
            Database = _database,
            Settings = { ["Auth:Middleware:Matcher:0"] = "/healthz/:path*" },
            ConfigureTestServices = services => services.AddFakeLogging(),
        };
        using var client = site.CreateSiteClient();
        var started = Assert.Single(site.Services.GetFakeLogCollector().GetSnapshot(), record => record.Message.StartsWith("Database: ", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, started.Level);
        Assert.Matches(@"^Database: (SQLite|PostgreSQL), schema version \d+_" + AllMigrations[^1] + @"\.$", started.Message);

        foreach (var path in new[] { "/healthz", "/healthz/ready" })
        {
            using var response = await client.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
            Assert.True(response.Headers.CacheControl is { NoCache: true, NoStore: true }, path);
        }

        Assert.Equal(AllMigrations, await StatusAsync("applied"));
        Assert.Empty(await StatusAsync("pending"));
    }

    [Fact]
    public void Migrations_are_logged_as_they_are_applied_without_an_error_and_a_start_with_none_pending_logs_nothing_of_them()
    {
        // Every start in Development and every users command checks the migrations; only applying one is worth a line.
        string[] MigrationLines(SiteFactory site) =>
        [
            .. site.Services.GetFakeLogCollector().GetSnapshot()
                .Where(record => record.Category == "Microsoft.EntityFrameworkCore.Migrations" && record.Level >= LogLevel.Information)
                .Select(record => record.Message),
        ];

        using (var first = new SiteFactory { Database = _database, ConfigureTestServices = services => services.AddFakeLogging() })
        {
            using var client = first.CreateSiteClient();
            var applying = MigrationLines(first).Where(line => line.StartsWith("Applying migration", StringComparison.Ordinal)).ToArray();
            Assert.Equal(AllMigrations.Length, applying.Length);
            Assert.All(AllMigrations.Zip(applying), pair => Assert.Matches(@"^Applying migration '\d+_" + pair.First + "'\\.$", pair.Second));

            // A new database is no failure: nothing may read its history table before it exists.
            Assert.DoesNotContain(first.Services.GetFakeLogCollector().GetSnapshot(), record => record.Level >= LogLevel.Error);
        }

        using var second = new SiteFactory { Database = _database, ConfigureTestServices = services => services.AddFakeLogging() };
        using var secondClient = second.CreateSiteClient();
        Assert.Empty(MigrationLines(second));
    }

    [Fact]
    public async Task Ready_answers_503_when_the_database_is_unreachable_while_liveness_stays_200()
    {
        using var site = new SiteFactory { Database = _database };
        using var client = site.CreateSiteClient();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/healthz/ready")).StatusCode);

        SiteFactory.DeleteDatabase(_database);
        if (SiteFactory.Postgres is null)
        {
            Directory.CreateDirectory(_database); // a folder where the file was: SQLite cannot open it
        }

        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.Http.GetAsync("/healthz/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            if (SiteFactory.Postgres is null)
            {
                Directory.Delete(_database);
            }
        }
    }

    [Fact]
    public async Task Production_refuses_to_start_while_migrations_are_pending_then_starts_after_db_migrate()
    {
        var failure = StartFailure(() => Production(migrate: false));
        Assert.Contains("db migrate", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=", failure, StringComparison.Ordinal);

        var migrate = await RunDbAsync("db", "migrate");
        Assert.Equal(0, migrate.Exit);
        Assert.Contains($"Applied {AllMigrations.Length} migration(s)", migrate.Output, StringComparison.Ordinal);
        Assert.Equal(AllMigrations, await StatusAsync("applied"));
        Assert.Contains("up to date", (await RunDbAsync("db", "migrate")).Output, StringComparison.Ordinal);

        using var site = Production(migrate: false);
        using var client = site.CreateSiteClient();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/healthz/ready")).StatusCode);
    }

    [Fact]
    public async Task Two_instances_migrating_together_apply_each_migration_once()
    {
        var services = Enumerable.Range(0, 2).Select(_ => SiteFactory.DatabaseServices(SiteFactory.ConnectionString(_database))).ToList();
        try
        {
            await Task.WhenAll(services.Select(s => s.GetRequiredService<AuthDatabase>().MigrateAsync()));
        }
        finally
        {
            services.ForEach(s => s.Dispose());
        }

        Assert.Equal(AllMigrations, await StatusAsync("applied"));
    }

    [Fact]
    public async Task A_database_made_before_migrations_is_upgraded_with_its_user_and_linked_account()
    {
        // Made by the template as it was before migrations: 'users add ada@example.org --role admin', then a GitHub account
        // linked as its adapter linked one. It is SQLite, the only database that template knew.
        var file = Path.Combine(Path.GetTempPath(), $"pre-migrations-{Guid.NewGuid():N}.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Data", "pre-migrations.sqlite"), file);
        var connectionString = $"Data Source={file};Pooling=False";
        try
        {
            using (var services = SiteFactory.DatabaseServices(connectionString))
            {
                var database = services.GetRequiredService<AuthDatabase>();
                Assert.Equal(AllMigrations[1..], (await database.GetPendingMigrationsAsync()).Select(Name));
                Assert.Equal(0, await DbCommand.RunAsync(services, ["db", "migrate"], TextWriter.Null, TextWriter.Null));
                Assert.Empty(await database.GetPendingMigrationsAsync());

                await using var context = database.CreateContext();
                var user = Assert.Single(await context.Users.ToListAsync());
                Assert.Equal(("ada@example.org", "admin", "Ada Lovelace"), (user.Email, user.Role, user.Name));
                var account = Assert.Single(await context.Accounts.ToListAsync());
                Assert.Equal((user.Id, "github", "583231"), (account.UserId, account.Provider, account.ProviderAccountId));
            }

            using var site = new SiteFactory { Environment = "Production", MigrateBeforeStart = false };
            site.Settings["Auth:Secret"] = ProductionSecret;
            site.Settings["ConnectionStrings:Auth"] = connectionString;
            using var client = site.CreateSiteClient();
            using var signIn = await client.SignInAsync("ada@example.org", "correct horse battery staple");
            Assert.Equal("http://localhost/", signIn.Headers.Location!.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/admin")).StatusCode);
        }
        finally
        {
            SiteFactory.DeleteDatabase(file);
        }
    }

    [Fact]
    public async Task Data_protection_keys_live_in_the_database_so_one_instance_reads_what_another_protected()
    {
        using var first = new SiteFactory { Database = _database };
        using var second = new SiteFactory { Database = _database };
        first.CreateClient().Dispose();
        second.CreateClient().Dispose();

        var protectedByFirst = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests").Protect("hello");

        Assert.Equal("hello", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests").Unprotect(protectedByFirst));
        using var services = SiteFactory.DatabaseServices(SiteFactory.ConnectionString(_database));
        await using var context = services.GetRequiredService<AuthDatabase>().CreateContext();
        Assert.NotEmpty(await context.DataProtectionKeys.ToListAsync());
    }

    public void Dispose() => SiteFactory.DeleteDatabase(_database);

    private static string Name(string migration) => migration[(migration.IndexOf('_') + 1)..];

    private SiteFactory Production(bool migrate)
    {
        var site = new SiteFactory { Environment = "Production", Database = _database, MigrateBeforeStart = migrate };
        site.Settings["Auth:Secret"] = ProductionSecret;
        return site;
    }

    private async Task<(int Exit, string Output)> RunDbAsync(params string[] args)
    {
        using var services = SiteFactory.DatabaseServices(SiteFactory.ConnectionString(_database));
        using var output = new StringWriter();
        var exit = await DbCommand.RunAsync(services, args, output, TextWriter.Null);
        return (exit, output.ToString());
    }

    /// <summary>The migrations <c>db status</c> lists as <paramref name="state"/> (<c>applied</c> or <c>pending</c>), by name.</summary>
    private async Task<IReadOnlyList<string>> StatusAsync(string state)
    {
        var status = await RunDbAsync("db", "status");
        Assert.Equal(0, status.Exit);
        return [.. status.Output.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith(state + "\t", StringComparison.Ordinal))
            .Select(line => Name(line[(state.Length + 1)..]))];
    }

    /// <summary>Starts a site, expecting it to refuse; returns every message of the exception chain.</summary>
    private static string StartFailure(Func<SiteFactory> create)
    {
        Exception exception;
        var attempt = 0;
        do
        {
            // Under load, WebApplicationFactory can report only the disposal of the host whose start failed: start again to read why.
            using var site = create();
            exception = Assert.ThrowsAny<Exception>(() => site.CreateClient());
        }
        while (exception is ObjectDisposedException && ++attempt < 3);

        return exception.ToString();
    }
}
