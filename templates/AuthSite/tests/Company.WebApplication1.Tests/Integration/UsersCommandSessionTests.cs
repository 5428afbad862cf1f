using System.Net;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// The <c>users</c> command ends sessions on the running site, under both session strategies: <c>users revoke</c> always,
/// <c>set-password</c> unless <c>Auth:Session:RevokeSessionsOnPasswordChange</c> is off, <c>set-role</c> when
/// <c>Auth:Session:RevokeSessionsOnRoleChange</c> is on. A cookie from before is then no session (401 on <c>/api/example</c>).
/// </summary>
public class UsersCommandSessionTests
{
    private const string Password = "Correct-horse-battery-9";

    [Theory]
    [InlineData("jwt")]
    [InlineData("database")]
    public async Task Revoke_EndsEveryOneOfTheUsersSessions_AndNoOneElses(string strategy)
    {
        using var site = Site(strategy);
        var email = await AddUserAsync(site);
        var first = await site.SignInCookieHeaderAsync(email, Password);
        var second = await site.SignInCookieHeaderAsync(email, Password);
        var someoneElse = await site.SignInCookieHeaderAsync(DemoUsers.User);
        Assert.Equal(HttpStatusCode.OK, await ExampleStatusAsync(site, first));

        var (exit, output) = await RunAsync(site, ["users", "revoke", email]);

        Assert.Equal(0, exit);
        Assert.Contains($"Ended 2 session(s) of {email}.", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await ExampleStatusAsync(site, first));
        Assert.Equal(HttpStatusCode.Unauthorized, await ExampleStatusAsync(site, second));
        Assert.Equal(HttpStatusCode.OK, await ExampleStatusAsync(site, someoneElse));
    }

    [Fact]
    public async Task Revoke_AnUnknownEmail_FailsAndSaysSo()
    {
        using var site = Site("jwt");
        using var error = new StringWriter();

        var exit = await UsersCommand.RunAsync(site.Services, ["users", "revoke", "nobody@example.com"], TextReader.Null, TextWriter.Null, error);

        Assert.Equal(1, exit);
        Assert.Contains("nobody@example.com", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("database")]
    public async Task SetPassword_EndsTheUsersSessions_ByDefault(string strategy)
    {
        using var site = Site(strategy);
        var email = await AddUserAsync(site);
        var before = await site.SignInCookieHeaderAsync(email, Password);

        var (exit, output) = await RunAsync(site, ["users", "set-password", email], "New-password-2\n");

        Assert.Equal(0, exit);
        Assert.Contains($"Ended 1 session(s) of {email}.", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await ExampleStatusAsync(site, before));
        Assert.Equal(HttpStatusCode.OK, await ExampleStatusAsync(site, await site.SignInCookieHeaderAsync(email, "New-password-2")));
    }

    [Fact]
    public async Task SetPassword_KeepsTheSessions_WhenRevokeSessionsOnPasswordChangeIsOff()
    {
        using var site = Site("jwt");
        site.Settings["Auth:Session:RevokeSessionsOnPasswordChange"] = "false";
        var email = await AddUserAsync(site);
        var before = await site.SignInCookieHeaderAsync(email, Password);

        var (exit, output) = await RunAsync(site, ["users", "set-password", email], "New-password-2\n");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Ended", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ExampleStatusAsync(site, before));
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("database")]
    public async Task SetRole_KeepsTheSessions_ByDefault(string strategy)
    {
        using var site = Site(strategy);
        var email = await AddUserAsync(site);
        var before = await site.SignInCookieHeaderAsync(email, Password);

        var (exit, output) = await RunAsync(site, ["users", "set-role", email, "admin"]);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("Ended", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ExampleStatusAsync(site, before));
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("database")]
    public async Task SetRole_EndsTheSessions_WhenRevokeSessionsOnRoleChangeIsOn(string strategy)
    {
        using var site = Site(strategy);
        site.Settings["Auth:Session:RevokeSessionsOnRoleChange"] = "true";
        var email = await AddUserAsync(site);
        var before = await site.SignInCookieHeaderAsync(email, Password);

        var (exit, output) = await RunAsync(site, ["users", "set-role", email, "admin"]);

        Assert.Equal(0, exit);
        Assert.Contains($"Ended 1 session(s) of {email}.", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await ExampleStatusAsync(site, before));
    }

    private static SiteFactory Site(string strategy)
    {
        var site = new SiteFactory();
        site.Settings["Auth:Session:Strategy"] = strategy;
        return site;
    }

    private static async Task<string> AddUserAsync(SiteFactory site)
    {
        var email = $"sessions-{Guid.NewGuid():N}@example.com";
        Assert.Equal(0, (await RunAsync(site, ["users", "add", email], Password + "\n")).Exit);
        return email;
    }

    private static async Task<(int Exit, string Output)> RunAsync(SiteFactory site, string[] args, string input = "")
    {
        using var output = new StringWriter();
        var exit = await UsersCommand.RunAsync(site.Services, args, new StringReader(input), output, TextWriter.Null);
        return (exit, output.ToString());
    }

    private static async Task<HttpStatusCode> ExampleStatusAsync(SiteFactory site, string cookie)
    {
        using var client = site.CreateRawClient();
        using var response = await client.SendAsync(Requests.Get("/api/example", cookie));
        return response.StatusCode;
    }
}
