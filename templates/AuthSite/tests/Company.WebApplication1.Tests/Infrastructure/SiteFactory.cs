using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Company.WebApplication1.Tests.Infrastructure;

/// <summary>
/// The site in memory, with its own SQLite file (demo users seeded).
/// Extra configuration (<see cref="Settings"/>) and services (<see cref="ConfigureTestServices"/>) are applied before start.
/// </summary>
public class SiteFactory : WebApplicationFactory<Program>
{
    private readonly string _ownDatabase = Path.Combine(Path.GetTempPath(), $"site-tests-{Guid.NewGuid():N}.db");

    /// <summary>
    /// The SQLite file, when a test shares one between sites (e.g. Development, then Production on the same database) and
    /// deletes it itself; by default each site has its own, deleted with it.
    /// </summary>
    public string? Database { get; init; }

    /// <summary>The environment the site runs in.</summary>
    public string Environment { get; init; } = "Development";

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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in HostSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["ConnectionStrings:Auth"] = $"Data Source={Database ?? _ownDatabase};Pooling=False" }.Concat(Settings)));
        if (ConfigureTestServices is not null)
        {
            builder.ConfigureServices(ConfigureTestServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var file in new[] { _ownDatabase, _ownDatabase + "-wal", _ownDatabase + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see every 302.</summary>
    public SiteClient CreateSiteClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = true }));
}
