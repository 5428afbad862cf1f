using Company.WebApplication1.EndToEnd.OpenIdProvider;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// One <see cref="ScaleOutSite"/> per test class, started on first use on the first --database postgres combination,
/// published once, with the site's <c>oidc</c> provider pointed at a <see cref="TestOpenIdProvider"/> that accepts the
/// callback through nginx (a start failure is remembered, not retried); everything stopped when the class ends.
/// </summary>
public sealed class ScaleOutFixture : IDisposable
{
    private readonly object _gate = new();
    private readonly PublishedSiteFixture _published = new();
    private Lazy<Task<(ScaleOutSite Site, TestOpenIdProvider Provider)>>? _started;

    /// <summary>The combination the two instances run: the first of <see cref="TemplateCombination.All"/> on PostgreSQL (with --oidc).</summary>
    public static TemplateCombination Combination { get; } =
        TemplateCombination.All.FirstOrDefault(c => c.Postgres && c.Oidc)
        ?? throw new InvalidOperationException("No template combination uses --database postgres with --oidc: the scale-out tests need one.");

    internal async Task<(ScaleOutSite Site, TestOpenIdProvider Provider)> GetAsync(TemplateFixture templates, PostgresFixture postgres)
    {
        lock (_gate)
        {
            _started ??= new Lazy<Task<(ScaleOutSite, TestOpenIdProvider)>>(
                () => Task.Run(() => StartAsync(templates, postgres)),
                LazyThreadSafetyMode.ExecutionAndPublication);
        }

        return await _started.Value;
    }

    /// <summary>Stops nginx, both instances and the OpenID Connect provider, when they were started.</summary>
    public void Dispose()
    {
        if (_started is { IsValueCreated: true } started && started.Value.IsCompletedSuccessfully)
        {
            var (site, provider) = started.Value.Result;
            site.Dispose();
            provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task<(ScaleOutSite, TestOpenIdProvider)> StartAsync(TemplateFixture templates, PostgresFixture postgres)
    {
        var published = _published.Get(templates, Combination.Name);
        // Its authority goes into both instances' settings; the callback it accepts is known once nginx listens.
        var provider = await TestOpenIdProvider.StartAsync();
        try
        {
            var site = await ScaleOutSite.StartAsync(published, postgres.Server, "scaleout", Path.Combine(templates.LogDirectory, "scaleout"), new Dictionary<string, string>
            {
                ["Auth__Providers__Oidc__Authority"] = provider.Authority.AbsoluteUri,
                ["Auth__Providers__Oidc__ClientId"] = TestOpenIdProvider.ClientId,
                ["Auth__Providers__Oidc__ClientSecret"] = TestOpenIdProvider.ClientSecret,
            });
            provider.AllowRedirectUri(site.Origin + TestOpenIdProvider.CallbackPath);
            return (site, provider);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }
}
