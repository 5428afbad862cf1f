using System.Threading.Channels;
using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthSite.AspNetCore.Tests.Integration.Support;

/// <summary>
/// The site with the sign-in throttle as shipped (the limits <see cref="SiteFactory.Settings"/> lifts for other tests
/// are put back), its password check (<see cref="CredentialsProvider.Authorize"/>) wrapped to count the calls, and its
/// clock watched so a test knows when the site starts waiting on it.
/// </summary>
public sealed class ThrottleSiteFactory : SiteFactory
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();
    private int _passwordChecks;

    public ThrottleSiteFactory()
    {
        Settings.Remove("Auth:Providers:Credentials:MaxFailuresPerEmailAndAddress");
        Settings.Remove("Auth:Providers:Credentials:MaxFailuresPerEmail");
        Settings.Remove("Auth:Providers:Credentials:MaxFailuresPerAddress");
        ConfigureTestServices = services =>
        {
            services.AddSingleton<TimeProvider>(new WatchedTimeProvider(Time, _waits.Writer));
            services.PostConfigure<SessionAuthOptions>(options =>
            {
                var authorize = options.Credentials.Authorize!;
                options.Credentials.Authorize = async context =>
                {
                    Interlocked.Increment(ref _passwordChecks);
                    await BeforePasswordCheck();
                    return await authorize(context);
                };
            });
        };
    }

    /// <summary>How many times the site has checked a password.</summary>
    public int PasswordChecks => Volatile.Read(ref _passwordChecks);

    /// <summary>Awaited by every password check before it runs; a test can hold checks back with it.</summary>
    public Func<Task> BeforePasswordCheck { get; set; } = () => Task.CompletedTask;

    /// <summary>A browser-like client whose requests come from <paramref name="address"/>.</summary>
    public SiteClient CreateSiteClientFrom(string address)
    {
        var client = CreateSiteClient();
        client.Http.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return client;
    }

    /// <summary>Waits (up to 30 real seconds) until the site starts waiting exactly <paramref name="delay"/> on its clock.</summary>
    public async Task WaitUntilTheSiteWaitsAsync(TimeSpan delay)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _waits.Reader.ReadAsync(timeout.Token) != delay)
        {
        }
    }

    /// <summary>The site's clock, telling <see cref="WaitUntilTheSiteWaitsAsync"/> of every timer the site starts.</summary>
    private sealed class WatchedTimeProvider(FakeTimeProvider clock, ChannelWriter<TimeSpan> waits) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = clock.CreateTimer(callback, state, dueTime, period);
            waits.TryWrite(dueTime);
            return timer;
        }
    }
}
