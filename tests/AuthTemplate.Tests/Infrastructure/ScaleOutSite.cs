namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// Two instances of one published site on PostgreSQL, started at the same moment with the same <c>AUTH_SECRET</c> and
/// connection string (Production, nginx trusted as their proxy), each on a loopback port Kestrel picks, behind one nginx
/// that terminates TLS and balances them round-robin. nginx names the instance that answered each request in an
/// <c>X-Upstream</c> response header (<c>$upstream_addr</c>), which <see cref="InstanceOf"/> reads. Each instance has a
/// home folder (<c>HOME</c>, its working directory) of its own, as on two machines: nothing can be shared through
/// the file system, such as ASP.NET Core's default Data Protection key folder. <see cref="Dispose"/> stops nginx and both
/// instances by PID and deletes their folders; the database stays on the run's server, which goes at the end of the run.
/// </summary>
internal sealed class ScaleOutSite : IDisposable
{
    /// <summary>The response header in which nginx names the instance that answered (<c>127.0.0.1:&lt;port&gt;</c>).</summary>
    public const string UpstreamHeader = "X-Upstream";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly List<ServerProcess> _instances;
    private readonly List<TempDirectory> _homes;
    private readonly NginxProxy _nginx;

    private ScaleOutSite(PublishedSite published, string connectionString, IReadOnlyDictionary<string, string?> environment,
        List<ServerProcess> instances, List<TempDirectory> homes, IReadOnlyList<string> upstreams, NginxProxy nginx)
    {
        _homes = homes;
        Published = published;
        ConnectionString = connectionString;
        Environment = environment;
        _instances = instances;
        Upstreams = upstreams;
        _nginx = nginx;
    }

    /// <summary>The published site both instances run.</summary>
    public PublishedSite Published { get; }

    /// <summary>The connection string both instances (and the site's commands) use.</summary>
    public string ConnectionString { get; }

    /// <summary>The environment both instances run with (but <c>HOME</c>); the site's commands (<c>users add</c>) take it too.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>Each instance's address as nginx names it in <see cref="UpstreamHeader"/>: <c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public IReadOnlyList<string> Upstreams { get; }

    /// <summary>The instances' processes, in the order of <see cref="Upstreams"/>.</summary>
    public IReadOnlyList<ServerProcess> Instances => _instances;

    /// <summary>nginx's origin, <c>https://127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Origin => _nginx.Origin;

    /// <summary>
    /// Migrates a new database <paramref name="database"/> of <paramref name="server"/> from both instances' folders at once,
    /// starts both instances together, waits until both listen, then starts nginx in front of them with the README's proxy directives.
    /// </summary>
    /// <param name="logPrefix">The path prefix of the log files (<c>&lt;prefix&gt;.instance-a.log</c>, <c>.nginx.log</c>).</param>
    /// <param name="settings">More environment variables for both instances (a provider's settings).</param>
    public static async Task<ScaleOutSite> StartAsync(
        PublishedSite published, PostgresServer server, string database, string logPrefix, IReadOnlyDictionary<string, string> settings)
    {
        var connectionString = await server.CreateDatabaseAsync(database);
        var environment = SiteEnvironment.Production();
        environment["ConnectionStrings__Auth"] = connectionString;
        environment["Auth__TrustedProxies__0"] = "127.0.0.1";
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        var instances = new List<ServerProcess>();
        var homes = new[] { "a", "b" }.Select(name => (Name: name, Home: new TempDirectory($"authsite-scaleout-{name}-"))).ToList();
        try
        {
            // Each instance's deploy step runs db migrate, at the same moment: one applies the migrations, the other finds
            // them applied (never half made). Production refuses to start while any are pending.
            var own = homes.ToDictionary(h => h.Name, h => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>(environment) { ["HOME"] = h.Home.Path });
            var migrations = await Task.WhenAll(homes.Select(h => Task.Run(() => published.Migrate(h.Home.Path, own[h.Name], $"{logPrefix}.migrate-{h.Name}.log"))));
            Assert.All(migrations, migration => Assert.True(migration.Succeeded, "db migrate failed.\n" + migration.Describe()));

            // Then both instances, at the same moment too.
            foreach (var (name, home) in homes)
            {
                instances.Add(published.Start(home.Path, own[name], $"{logPrefix}.instance-{name}.log"));
            }

            var upstreams = instances.Select(instance => SiteHost.WaitUntilStarted(instance, StartTimeout).Url.Authority).ToList();
            var upstream = $"upstream authsite {{\n{string.Concat(upstreams.Select(u => $"    server {u};\n"))}}}";
            var location = published.Readme.ProxyLocation("/", "http://authsite", $"add_header {UpstreamHeader} $upstream_addr always;");
            var nginx = NginxProxy.Start(location, $"{logPrefix}.nginx.log", upstream);
            return new ScaleOutSite(published, connectionString, environment, instances, [.. homes.Select(h => h.Home)], upstreams, nginx);
        }
        catch
        {
            instances.ForEach(instance => instance.Dispose());
            homes.ForEach(h => h.Home.Dispose());
            throw;
        }
    }

    /// <summary>A client of nginx as a browser would be (cookies kept, redirects not followed).</summary>
    public HttpClient CreateClient() => _nginx.CreateClient();

    /// <summary>Which instance answered (its index in <see cref="Upstreams"/>), from the response's <see cref="UpstreamHeader"/>.</summary>
    public int InstanceOf(HttpResponseMessage response)
    {
        var upstream = response.Headers.TryGetValues(UpstreamHeader, out var values) ? string.Join(", ", values) : "(none)";
        var index = Upstreams.ToList().IndexOf(upstream);
        return index >= 0
            ? index
            : throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} was answered by '{upstream}', not by one of {string.Join(", ", Upstreams)}.\n{Describe()}");
    }

    /// <summary>Both instances' and nginx's output, for failure messages.</summary>
    public string Describe() =>
        string.Join('\n', _instances.Select((instance, i) => $"instance {Upstreams.ElementAtOrDefault(i)}:\n{instance.Describe(30)}")) + "\n" + _nginx.Describe();

    /// <summary>Stops nginx, then both instances, by PID, and deletes their home folders.</summary>
    public void Dispose()
    {
        _nginx.Dispose();
        _instances.ForEach(instance => instance.Dispose());
        _homes.ForEach(home => home.Dispose());
    }
}
