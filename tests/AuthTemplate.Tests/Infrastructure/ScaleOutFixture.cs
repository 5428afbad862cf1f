namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// One <see cref="ScaleOutSite"/> per test class, started on first use on the first --database postgres combination,
/// published once (a start failure is remembered, not retried); stopped by PID when the class ends.
/// </summary>
public sealed class ScaleOutFixture : IDisposable
{
    private readonly object _gate = new();
    private readonly PublishedSiteFixture _published = new();
    private Lazy<Task<ScaleOutSite>>? _site;

    /// <summary>The combination the two instances run: the first of <see cref="TemplateCombination.All"/> on PostgreSQL.</summary>
    public static TemplateCombination Combination { get; } =
        TemplateCombination.All.FirstOrDefault(c => c.Postgres)
        ?? throw new InvalidOperationException("No template combination uses --database postgres: the scale-out tests need one.");

    internal Task<ScaleOutSite> GetAsync(TemplateFixture templates, PostgresFixture postgres)
    {
        lock (_gate)
        {
            _site ??= new Lazy<Task<ScaleOutSite>>(
                () => Task.Run(() => ScaleOutSite.StartAsync(
                    _published.Get(templates, Combination.Name),
                    postgres.Server,
                    "scaleout",
                    Path.Combine(templates.LogDirectory, "scaleout"))),
                LazyThreadSafetyMode.ExecutionAndPublication);
        }

        return _site.Value;
    }

    /// <summary>Stops nginx and both instances, when they were started.</summary>
    public void Dispose()
    {
        if (_site is { IsValueCreated: true } site && site.Value.IsCompletedSuccessfully)
        {
            site.Value.Result.Dispose();
        }
    }
}
