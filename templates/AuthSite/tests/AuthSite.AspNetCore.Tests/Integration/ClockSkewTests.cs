using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// One expiry rule everywhere: a session token is good until 15 seconds past its <c>exp</c> (Auth.js's clock tolerance),
/// for the token code and the cookie handler alike.
/// </summary>
public sealed class ClockSkewTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(14, true)]
    [InlineData(16, false)]
    [InlineData(60, false)]
    public async Task A_token_is_a_session_until_fifteen_seconds_past_its_expiry(int secondsPastExpiry, bool signedIn)
    {
        using var site = new SiteFactory();
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        site.Time.Advance(site.SessionAuthOptions().Session.MaxAge + TimeSpan.FromSeconds(secondsPastExpiry));
        var session = await client.GetSessionAsync();

        Assert.Equal(signedIn, session.Count > 0);
    }

    [Fact]
    public async Task A_token_read_in_its_grace_period_is_renewed()
    {
        using var site = new SiteFactory();
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        site.Time.Advance(site.SessionAuthOptions().Session.MaxAge + TimeSpan.FromSeconds(10));

        Assert.NotEmpty(await client.GetSessionAsync());
        site.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.NotEmpty(await client.GetSessionAsync());
    }
}
