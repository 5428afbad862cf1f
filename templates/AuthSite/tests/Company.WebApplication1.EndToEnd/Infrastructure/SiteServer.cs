#if (Oidc)
using AuthSite.AspNetCore;
using Company.WebApplication1.EndToEnd.OpenIdProvider;
#endif
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
#if (Oidc)
using Microsoft.Extensions.DependencyInjection;
#endif

namespace Company.WebApplication1.EndToEnd.Infrastructure;

#if (Oidc)
/// <summary>
/// The site on a real loopback port (Kestrel, not the in-memory test server) so a browser can reach it.
/// Development environment (the demo users are seeded) with its own SQLite file, deleted on dispose, and a local
/// OpenID Connect provider configured as the site's <c>oidc</c> provider.
/// </summary>
#else
/// <summary>
/// The site on a real loopback port (Kestrel, not the in-memory test server) so a browser can reach it.
/// Development environment (the demo users are seeded) with its own SQLite file, deleted on dispose.
/// </summary>
#endif
public class SiteServer : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"authsite-e2e-{Guid.NewGuid():N}.db");

#if (Oidc)
    /// <summary>An email the site's signIn callback refuses, to test <c>AccessDenied</c>.</summary>
    public const string BlockedEmail = "blocked@example.org";

#endif
    public SiteServer()
        : this(pathBase: null)
    {
    }

    /// <summary>The site served under <paramref name="pathBase"/> (its <c>PathBase</c> setting), e.g. <c>/app</c>.</summary>
    protected SiteServer(string? pathBase)
    {
        PathBase = pathBase;
#if (Oidc)
        OpenIdProvider = TestOpenIdProvider.StartAsync(TestOpenIdProvider.IsLoopbackCallback).GetAwaiter().GetResult();
#endif
        UseKestrel(0);
        StartServer();
        RootUri = ClientOptions.BaseAddress;
    }

    /// <summary>The path the site is served under, or <see langword="null"/> at the root.</summary>
    public string? PathBase { get; }

#if (Oidc)
    /// <summary>The OpenID Connect provider the site's <c>oidc</c> provider points at.</summary>
    public TestOpenIdProvider OpenIdProvider { get; }

#endif
    /// <summary>The site's root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri RootUri { get; }

    /// <summary>An absolute URL on the site.</summary>
    public string Url(string path) => new Uri(RootUri, path).ToString();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
#if (Oidc)

        // Providers are registered while the site builds its services, so they come as host settings.
        builder.UseSetting("Auth:Providers:Oidc:Authority", OpenIdProvider.Authority.AbsoluteUri);
        builder.UseSetting("Auth:Providers:Oidc:ClientId", TestOpenIdProvider.ClientId);
        builder.UseSetting("Auth:Providers:Oidc:ClientSecret", TestOpenIdProvider.ClientSecret);
        builder.UseSetting("Auth:Providers:Oidc:Name", "Test OpenID Provider");
        builder.ConfigureServices(services => services.PostConfigure<SessionAuthOptions>(options =>
        {
            var signIn = options.Callbacks.SignIn;
            options.Callbacks.SignIn = context => context.User.Email == BlockedEmail ? ValueTask.FromResult(false) : signIn(context);
        }));
#endif
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Auth"] = $"Data Source={_database};Pooling=False",
            ["PathBase"] = PathBase,
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
#if (Oidc)
        OpenIdProvider.DisposeAsync().AsTask().GetAwaiter().GetResult();
#endif
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
