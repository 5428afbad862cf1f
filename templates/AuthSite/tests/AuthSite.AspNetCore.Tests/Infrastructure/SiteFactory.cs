using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The engine's <see cref="TestSite"/> in memory, with its demo users (<see cref="TestUsers"/>) and a clock the test moves.
/// Extra configuration (<see cref="Settings"/>) and services (<see cref="ConfigureTestServices"/>) are applied before start.
/// </summary>
public class SiteFactory : WebApplicationFactory<TestSite>
{
    /// <summary>The site's clock; starts at the real time so tokens look current.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The site's users (the demo accounts, and those OAuth sign-ins created).</summary>
    public TestUsers Users => Services.GetRequiredService<TestUsers>();

    /// <summary>The calls the engine made to the site's callbacks and events.</summary>
    public CallbackLog Callbacks => Services.GetRequiredService<CallbackLog>();

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

    /// <summary>
    /// A request header that sets the request's client address (<c>Connection.RemoteIpAddress</c>), which the in-memory
    /// server leaves empty, e.g. <c>203.0.113.7</c>. Only this test factory reads it; the site itself never does.
    /// </summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Service changes applied after the site's own, e.g. <c>services.PostConfigure&lt;SessionAuthOptions&gt;(...)</c>.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in HostSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddTransient<IStartupFilter, ClientAddressStartupFilter>();
            ConfigureTestServices?.Invoke(services);
        });
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see every 302.</summary>
    public virtual SiteClient CreateSiteClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>A browser-like client (cookies kept, redirects not followed) on another base address, e.g. https.</summary>
    public SiteClient CreateSiteClient(string baseAddress) =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) }));

    /// <summary>Sets <c>Connection.RemoteIpAddress</c> from <see cref="ClientAddressHeader"/>, ahead of the site's own middleware.</summary>
    private sealed class ClientAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
