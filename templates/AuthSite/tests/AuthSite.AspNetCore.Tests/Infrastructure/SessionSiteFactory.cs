using System.Globalization;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The <see cref="TestSite"/> with sessions recorded: a <see cref="MemorySessionAdapter"/> registered as its
/// <see cref="ISessionAdapter"/> (and that adapter's users as its <see cref="TestUsers"/>) under the given strategy, every
/// log line kept in <see cref="Log"/>. Pass another site's <see cref="Adapter"/> to run a second instance of the same site
/// on the same store, with a clock of its own.
/// </summary>
public sealed class SessionSiteFactory : SiteFactory
{
    /// <summary>Short lifetimes, so tests move the clock past them: <c>MaxAge</c> 1 day, <c>UpdateAge</c> 1 hour, revocation checks every 30 s.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    /// <inheritdoc cref="MaxAge"/>
    public static readonly TimeSpan UpdateAge = TimeSpan.FromHours(1);

    /// <inheritdoc cref="MaxAge"/>
    public static readonly TimeSpan RevocationCheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>A site on a store of its own, or on <paramref name="adapter"/>, shared with another instance.</summary>
    public SessionSiteFactory(SessionStrategy strategy, MemorySessionAdapter? adapter = null)
    {
        Strategy = strategy;
        Adapter = adapter ?? new MemorySessionAdapter(Time);
        Settings["Auth:Session:Strategy"] = strategy.ToString().ToLowerInvariant();
        Settings["Auth:Session:MaxAge"] = MaxAge.ToString("c", CultureInfo.InvariantCulture);
        Settings["Auth:Session:UpdateAge"] = UpdateAge.ToString("c", CultureInfo.InvariantCulture);
        Settings["Auth:Session:RevocationCheckInterval"] = RevocationCheckInterval.ToString("c", CultureInfo.InvariantCulture);
    }

    /// <summary>The session strategy the site runs.</summary>
    public SessionStrategy Strategy { get; }

    /// <summary>The sessions table (and users) this site uses.</summary>
    public MemorySessionAdapter Adapter { get; }

    /// <summary>Every line the site logged.</summary>
    public LogCollector Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ISessionAdapter>(Adapter);
            services.AddSingleton(Adapter.Users);
            services.AddSingleton<ILoggerProvider>(Log);
        });
    }
}
