using System.Net;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>Users managed with the <c>users</c> command sign in on the running site with their role.</summary>
public class UsersCommandSignInTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AUserAddedByTheCommand_SignsInWithTheirRole()
    {
        var email = $"ada-{Guid.NewGuid():N}@example.com";
        const string password = "Correct-horse-battery-9";
        var exit = await UsersCommand.RunAsync(site.Services, ["users", "add", email, "--role", "admin", "--name", "Ada"], new StringReader(password + "\n"), TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, exit);
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = await client.GetSessionAsync();
        Assert.Equal(email, (string?)session["user"]?["email"]);
        Assert.Equal("Ada", (string?)session["user"]?["name"]);
        Assert.Equal("admin", (string?)session["user"]?["role"]);
    }

    [Fact]
    public async Task AUserRemovedByTheCommand_CanNoLongerSignIn()
    {
        var email = $"gone-{Guid.NewGuid():N}@example.com";
        const string password = "Correct-horse-battery-9";
        Assert.Equal(0, await UsersCommand.RunAsync(site.Services, ["users", "add", email], new StringReader(password), TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, await UsersCommand.RunAsync(site.Services, ["users", "remove", email], TextReader.Null, TextWriter.Null, TextWriter.Null));
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(email, password);

        Assert.Contains("error=CredentialsSignin", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task APasswordChangedByTheCommand_ReplacesTheOldOne()
    {
        var email = $"change-{Guid.NewGuid():N}@example.com";
        Assert.Equal(0, await UsersCommand.RunAsync(site.Services, ["users", "add", email], new StringReader("Old-password-1"), TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, await UsersCommand.RunAsync(site.Services, ["users", "set-password", email], new StringReader("New-password-2"), TextWriter.Null, TextWriter.Null));
        using var client = site.CreateSiteClient();

        using var old = await client.SignInAsync(email, "Old-password-1");
        Assert.Contains("error=CredentialsSignin", old.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var fresh = await client.SignInAsync(email, "New-password-2");
        Assert.DoesNotContain("error=", fresh.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(email, (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }
}
