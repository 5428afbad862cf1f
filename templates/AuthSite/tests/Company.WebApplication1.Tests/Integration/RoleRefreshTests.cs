using System.Net;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// The site's jwt callback (AuthSetup) reads the user again when the token is refreshed: a changed role reaches the session
/// and a removed user is signed out. <c>Auth:Session:UpdateAge</c> zero refreshes on every request, so no clock is moved.
/// The jwt strategy whatever appsettings.json says: the database strategy runs no jwt callback.
/// </summary>
public sealed class RoleRefreshTests : IDisposable
{
    private readonly SiteFactory _site = new() { Settings = { ["Auth:Session:Strategy"] = "jwt", ["Auth:Session:UpdateAge"] = "00:00:00" } };

    [Fact]
    public async Task A_role_given_with_the_user_store_opens_the_admin_page_at_the_next_refresh()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/admin")).StatusCode);

        await _site.Services.GetRequiredService<UserStore>().SetRoleAsync(DemoUsers.User, "admin");

        using var refreshed = await client.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal("admin", (string?)(await client.GetSessionAsync())["user"]?["role"]);
    }

    [Fact]
    public async Task A_removed_user_is_signed_out_at_the_next_refresh()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        await _site.Services.GetRequiredService<UserStore>().RemoveAsync(DemoUsers.User);

        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/dashboard")).StatusCode);
        Assert.Empty(await client.GetSessionAsync());
    }

    public void Dispose() => _site.Dispose();
}
