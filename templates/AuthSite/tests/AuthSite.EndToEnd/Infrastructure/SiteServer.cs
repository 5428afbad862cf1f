using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace AuthSite.EndToEnd.Infrastructure;

/// <summary>
/// The site on a real loopback port (Kestrel, not the in-memory test server) so a browser can reach it.
/// Development environment (the demo users are seeded) with its own SQLite file, deleted on dispose.
/// </summary>
public sealed class SiteServer : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"authsite-e2e-{Guid.NewGuid():N}.db");

    public SiteServer()
    {
        UseKestrel(0);
        StartServer();
        RootUri = ClientOptions.BaseAddress;
    }

    /// <summary>The site's root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri RootUri { get; }

    /// <summary>An absolute URL on the site.</summary>
    public string Url(string path) => new Uri(RootUri, path).ToString();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Auth"] = $"Data Source={_database};Pooling=False",
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm", _database + "-journal" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>One site for every end-to-end test class; the classes run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteServer>
{
    public const string Name = "Site";
}
