using Company.WebApplication1.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Company.WebApplication1.Tests.Infrastructure;

/// <summary>
/// The site in memory, with its own database (demo users seeded in Development): a SQLite file, or a fresh PostgreSQL
/// database when <c>AUTHSITE_TEST_POSTGRES</c> holds a connection string to a server's maintenance database (e.g.
/// <c>Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres</c>). Outside Development the factory applies the
/// migrations before the site starts, as <c>db migrate</c> does before a deployment starts it.
/// Extra configuration (<see cref="Settings"/>) and services (<see cref="ConfigureTestServices"/>) are applied before start.
/// </summary>
public class SiteFactory : WebApplicationFactory<Program>
{
    /// <summary>The maintenance database's connection string when the tests run on PostgreSQL; otherwise <see langword="null"/>.</summary>
    public static readonly string? Postgres = System.Environment.GetEnvironmentVariable("AUTHSITE_TEST_POSTGRES") is { Length: > 0 } postgres ? postgres : null;

    private readonly string _ownDatabase = Postgres is null
        ? Path.Combine(Path.GetTempPath(), $"site-tests-{Guid.NewGuid():N}.db")
        : $"site_tests_{Guid.NewGuid():N}";

    /// <summary>
    /// The database (a SQLite file, or a PostgreSQL database name), when a test shares one between sites (e.g. Development,
    /// then Production on the same database) and deletes it itself with <see cref="DeleteDatabase"/>; by default each site has
    /// its own, deleted with it.
    /// </summary>
    public string? Database { get; init; }

    /// <summary>The environment the site runs in.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Whether to apply the migrations before a site outside Development starts (default); off to test the refusal.</summary>
    public bool MigrateBeforeStart { get; init; } = true;

    /// <summary>
    /// Configuration on top of appsettings (e.g. <c>["Auth:Session:UpdateAge"] = "00:10:00"</c>). Tests of other features
    /// fail sign-ins many times in one fixture, so the failure throttle starts out of their way; its own tests set it back.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Auth:Providers:Credentials:MaxFailuresPerEmailAndAddress"] = "1000",
        ["Auth:Providers:Credentials:MaxFailuresPerEmail"] = "1000",
        ["Auth:Providers:Credentials:MaxFailuresPerAddress"] = "1000",
    };

    /// <summary>
    /// Settings the site reads while it builds its services (the sign-in providers), which must come as host settings:
    /// configuration added by <see cref="Settings"/> arrives after that.
    /// </summary>
    public Dictionary<string, string?> HostSettings { get; } = [];

    /// <summary>Service changes applied after the site's own, e.g. <c>services.PostConfigure&lt;SessionAuthOptions&gt;(...)</c>.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    /// <summary>The connection string of <paramref name="database"/> (a SQLite file or a PostgreSQL database name), created if need be.</summary>
    public static string ConnectionString(string database)
    {
        if (Postgres is null)
        {
            return $"Data Source={database};Pooling=False";
        }

        using (var server = new NpgsqlConnection(Postgres))
        {
            server.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", server) { Parameters = { new() { Value = database } } };
            if (exists.ExecuteScalar() is null)
            {
                // A database name cannot be a parameter; the name is this class's own (a GUID).
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", server);
                create.ExecuteNonQuery();
            }
        }

        return new NpgsqlConnectionStringBuilder(Postgres) { Database = database, Pooling = false }.ToString();
    }

    /// <summary>Deletes a database that <see cref="ConnectionString"/> named.</summary>
    public static void DeleteDatabase(string database)
    {
        if (Postgres is null)
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }

            return;
        }

        using var server = new NpgsqlConnection(Postgres);
        server.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", server);
        drop.ExecuteNonQuery();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in HostSettings)
        {
            builder.UseSetting(key, value);
        }

        // A test may name a database of its own in Settings (e.g. a copy of a checked-in file).
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings.ContainsKey("ConnectionStrings:Auth")
            ? Settings
            : new Dictionary<string, string?> { ["ConnectionStrings:Auth"] = ConnectionString(Database ?? _ownDatabase) }.Concat(Settings)));
        if (ConfigureTestServices is not null)
        {
            builder.ConfigureServices(ConfigureTestServices);
        }
    }

    /// <summary>
    /// The site's database services on their own (no web host), in <paramref name="environment"/>, on
    /// <paramref name="connectionString"/>: what the <c>users</c> and <c>db</c> commands run on. Dispose it when done.
    /// </summary>
    public static ServiceProvider DatabaseServices(string connectionString, string environment = "Production")
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Auth"] = connectionString }).Build());
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment, ContentRootPath = Path.GetTempPath() });
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddUserStore();
        return services.BuildServiceProvider();
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        if (MigrateBeforeStart && Environment != "Development")
        {
            using var database = DatabaseServices(ConnectionString(Database ?? _ownDatabase));
            database.GetRequiredService<AuthDatabase>().MigrateAsync().GetAwaiter().GetResult();
        }

        return base.CreateHost(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        DeleteDatabase(_ownDatabase);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see every 302.</summary>
    public SiteClient CreateSiteClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = true }));
}
