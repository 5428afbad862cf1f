using System.Net;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Two instances of the site on one sessions store: a session ended on one is refused there at once and on the other once
/// <c>Session:RevocationCheckInterval</c> has passed on the other's clock since it last read the store (jwt: the revocation
/// check; database: the remembered session row), and no later: the bound is exactly the interval.
/// </summary>
public class SessionScaleOutTests
{
    private static readonly TimeSpan Interval = SessionSiteFactory.RevocationCheckInterval;

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task SignOutOnOneInstance_ReachesTheOther_WithinTheRevocationCheckInterval(SessionStrategy strategy)
    {
        using var first = new SessionSiteFactory(strategy);
        using var second = new SessionSiteFactory(strategy, first.Adapter);
        using var user = await SignedInClient.SignInAsync(first);

        // The second instance reads the store now (jwt: its revocation check; database: the session row).
        var lastRead = second.Time.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, await StatusOnAsync(second, user));

        (await user.Client.SignOutAsync()).Dispose();
        using (var onFirst = await user.ReplayAsync("/api/example"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, onFirst.StatusCode);
        }

        // Until the interval has passed, the second instance has not asked the store again.
        Assert.Equal(HttpStatusCode.OK, await StatusOnAsync(second, user));
        second.Time.SetUtcNow(lastRead + Interval - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await StatusOnAsync(second, user));

        second.Time.SetUtcNow(lastRead + Interval);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOnAsync(second, user));
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task RevokeOthersOnOneInstance_ReachesTheOther_WithinTheRevocationCheckInterval(SessionStrategy strategy)
    {
        using var first = new SessionSiteFactory(strategy);
        using var second = new SessionSiteFactory(strategy, first.Adapter);
        using var current = await SignedInClient.SignInAsync(first);
        using var other = await SignedInClient.SignInAsync(second);
        var lastRead = second.Time.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, await other.ExampleStatusAsync());

        (await current.PostAsync("/api/auth/sessions/revoke-others")).Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOnAsync(first, other));
        second.Time.SetUtcNow(lastRead + Interval - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await other.ExampleStatusAsync());
        second.Time.SetUtcNow(lastRead + Interval);
        Assert.Equal(HttpStatusCode.Unauthorized, await other.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await StatusOnAsync(second, current));
    }

    [Fact]
    public async Task Jwt_SignedInRequestsBetweenChecks_DoNotAskTheStore()
    {
        using var first = new SessionSiteFactory(SessionStrategy.Jwt);
        using var user = await SignedInClient.SignInAsync(first);
        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        var checks = first.Adapter.RevokedCalls;

        for (var i = 0; i < 20; i++)
        {
            first.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        }

        // 20 s of requests inside one 30 s interval: no further check; the next after the interval asks once.
        Assert.Equal(checks, first.Adapter.RevokedCalls);
        first.Time.Advance(Interval);
        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        Assert.Equal(checks + 1, first.Adapter.RevokedCalls);
    }

    private static async Task<HttpStatusCode> StatusOnAsync(SiteFactory site, SignedInClient user)
    {
        using var response = await user.ReplayAsync("/api/example", on: site);
        return response.StatusCode;
    }
}
