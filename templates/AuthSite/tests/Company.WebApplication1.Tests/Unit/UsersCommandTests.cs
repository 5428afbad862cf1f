using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace Company.WebApplication1.Tests.Unit;

/// <summary>
/// <c>users add/list/remove/set-role/set-password</c> on a user store of its own (a temporary SQLite file, or a fresh
/// PostgreSQL database when <c>AUTHSITE_TEST_POSTGRES</c> is set), with passwords read from standard input, never from the arguments.
/// </summary>
public sealed class UsersCommandTests : IDisposable
{
    private const string Password = "Tr0ub4dor&3-horse";

    private readonly string _directory = Directory.CreateTempSubdirectory("users-command-").FullName;
    private readonly string? _postgresDatabase = SiteFactory.Postgres is null ? null : $"users_command_{Guid.NewGuid():N}";
    private readonly ServiceProvider _services;

    public UsersCommandTests()
        : this(pooling: false)
    {
    }

    /// <summary>The store as the site configures it by default: connections pooled.</summary>
    private UsersCommandTests(bool pooling)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Secret"] = "users-command-tests-secret-7c1e9a3f5b2d4e6a8c0f",
            ["ConnectionStrings:Auth"] = _postgresDatabase is null
                ? $"Data Source={Path.Combine(_directory, "users.db")};Pooling={pooling}"
                : new NpgsqlConnectionStringBuilder(SiteFactory.ConnectionString(_postgresDatabase)) { Pooling = pooling }.ToString(),
        }).Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production, ContentRootPath = _directory });
        services.AddSingleton(TimeProvider.System);
        services.AddFakeLogging();
        // What the command runs on in the site: its database and its sign-in (which ends sessions).
        services.AddUserStore();
        services.AddSiteAuth(configuration);
        _services = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            SiteFactory.DeleteDatabase(_postgresDatabase);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Add_ReadsThePasswordFromStdin_AndTheUserCanSignIn()
    {
        var result = await RunAsync(["users", "add", "ada@example.com"], Password + "\n");

        Assert.Equal(0, result.Exit);
        Assert.Contains("ada@example.com", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);
        var user = await Users.CheckPasswordAsync("ada@example.com", Password);
        Assert.NotNull(user);
        Assert.Equal("user", user.Role);
        Assert.Null(await Users.CheckPasswordAsync("ada@example.com", "wrong"));
    }

    [Fact]
    public async Task Add_WithRoleAndName_StoresThem()
    {
        var result = await RunAsync(["users", "add", "grace@example.com", "--role", "admin", "--name", "Grace Hopper"], Password);

        Assert.Equal(0, result.Exit);
        var stored = await Users.FindByEmailAsync("grace@example.com");
        Assert.NotNull(stored);
        Assert.Equal("admin", stored.Role);
        Assert.Equal("Grace Hopper", stored.Name);
        Assert.NotEqual(Password, stored.PasswordHash);
    }

    [Theory]
    [InlineData("dup@example.com")]
    [InlineData("DUP@example.com")]
    [InlineData(" dup@example.com ")]
    public async Task Add_ADuplicateEmail_FailsWithAMessage_AndChangesNothing(string again)
    {
        Assert.Equal(0, (await RunAsync(["users", "add", "dup@example.com"], Password)).Exit);
        _services.GetFakeLogCollector().Clear();

        var result = await RunAsync(["users", "add", again, "--role", "admin"], "Another-passw0rd");

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("already exists", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_services.GetFakeLogCollector().GetSnapshot(), record => record.Level >= LogLevel.Error);
        var users = await Users.ListAsync();
        var only = Assert.Single(users);
        Assert.Equal("user", only.Role);
        Assert.NotNull(await Users.CheckPasswordAsync("dup@example.com", Password));
    }

    [Fact]
    public async Task Add_WithoutAPassword_FailsAndAddsNobody()
    {
        var result = await RunAsync(["users", "add", "nopass@example.com"], "");

        Assert.NotEqual(0, result.Exit);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Empty(await Users.ListAsync());
    }

    [Theory]
    [InlineData("admin@example.com")]
    [InlineData(" USER@example.com ")]
    public async Task Add_ADemoAccountsEmail_OutsideDevelopment_FailsWithAMessage_AndAddsNobody(string email)
    {
        var result = await RunAsync(["users", "add", email], Password + "\n");

        Assert.Equal(1, result.Exit);
        Assert.Contains("Development only", result.Error, StringComparison.Ordinal);
        Assert.Empty(await Users.ListAsync());
    }

    [Fact]
    public async Task List_ShowsEveryUserWithTheirRole_AndNoPasswordHashes()
    {
        await RunAsync(["users", "add", "b@example.com", "--role", "admin"], Password);
        await RunAsync(["users", "add", "a@example.com"], Password);

        var result = await RunAsync(["users", "list"]);

        Assert.Equal(0, result.Exit);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, line => line.Contains("a@example.com", StringComparison.Ordinal) && line.Contains("user", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("b@example.com", StringComparison.Ordinal) && line.Contains("admin", StringComparison.Ordinal));
        foreach (var user in await Users.ListAsync())
        {
            Assert.DoesNotContain(user.PasswordHash!, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Remove_DeletesTheUser()
    {
        await RunAsync(["users", "add", "gone@example.com"], Password);
        await RunAsync(["users", "add", "stays@example.com"], Password);

        var result = await RunAsync(["users", "remove", "gone@example.com"]);

        Assert.Equal(0, result.Exit);
        Assert.Null(await Users.FindByEmailAsync("gone@example.com"));
        Assert.Null(await Users.CheckPasswordAsync("gone@example.com", Password));
        Assert.NotNull(await Users.FindByEmailAsync("stays@example.com"));
        Assert.DoesNotContain("gone@example.com", (await RunAsync(["users", "list"])).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_AnUnknownEmail_Fails()
    {
        await RunAsync(["users", "add", "someone@example.com"], Password);

        var result = await RunAsync(["users", "remove", "nobody@example.com"]);

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("nobody@example.com", result.Error, StringComparison.Ordinal);
        Assert.Single(await Users.ListAsync());
    }

    [Fact]
    public async Task Remove_AnUnknownEmail_Fails_AlsoWithPooledConnections()
    {
        // The site's default connection string pools connections; a reused connection must not report an earlier change.
        using var pooled = new UsersCommandTests(pooling: true);
        Assert.Equal(0, (await pooled.RunAsync(["users", "add", "someone@example.com"], Password)).Exit);

        var result = await pooled.RunAsync(["users", "remove", "nobody@example.com"]);

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("nobody@example.com", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_AnExistingEmail_Succeeds_AlsoWithPooledConnections()
    {
        using var pooled = new UsersCommandTests(pooling: true);
        Assert.Equal(0, (await pooled.RunAsync(["users", "add", "first@example.com"], Password)).Exit);
        Assert.Equal(0, (await pooled.RunAsync(["users", "add", "second@example.com"], Password)).Exit);

        var result = await pooled.RunAsync(["users", "remove", "first@example.com"]);

        Assert.Equal(0, result.Exit);
        Assert.Null(await pooled.Users.FindByEmailAsync("first@example.com"));
    }

    [Fact]
    public async Task Remove_AlsoDeletesTheUsersAccountsAndSessions()
    {
        await RunAsync(["users", "add", "linked@example.com"], Password);
        var user = (await Users.FindByEmailAsync("linked@example.com"))!;
        var database = _services.GetRequiredService<AuthDatabase>();
        await using (var context = database.CreateContext())
        {
            context.Accounts.Add(new StoredAccount { Id = "a1", UserId = user.Id, Type = "oauth", Provider = "github", ProviderAccountId = "42" });
            context.Sessions.Add(new StoredSession { Id = "s1", SessionToken = "token-1", UserId = user.Id, Expires = DateTimeOffset.Parse("2100-01-01T00:00:00Z") });
            await context.SaveChangesAsync();
        }

        Assert.Equal(0, (await RunAsync(["users", "remove", "linked@example.com"])).Exit);

        await using var check = database.CreateContext();
        Assert.Equal(0, await check.Accounts.CountAsync() + await check.Sessions.CountAsync());
    }

    [Fact]
    public async Task SetRole_ChangesTheRole()
    {
        await RunAsync(["users", "add", "promote@example.com"], Password);

        var result = await RunAsync(["users", "set-role", "promote@example.com", "admin"]);

        Assert.Equal(0, result.Exit);
        Assert.Equal("admin", (await Users.FindByEmailAsync("promote@example.com"))!.Role);
        Assert.Equal("admin", (await Users.CheckPasswordAsync("promote@example.com", Password))!.Role);
    }

    [Fact]
    public async Task SetRole_ForAnUnknownEmail_Fails()
    {
        var result = await RunAsync(["users", "set-role", "nobody@example.com", "admin"]);

        Assert.NotEqual(0, result.Exit);
        Assert.Empty(await Users.ListAsync());
    }

    [Fact]
    public async Task SetPassword_ReplacesThePassword()
    {
        await RunAsync(["users", "add", "change@example.com"], Password);

        var result = await RunAsync(["users", "set-password", "change@example.com"], "Brand-new-passw0rd\n");

        Assert.Equal(0, result.Exit);
        Assert.Null(await Users.CheckPasswordAsync("change@example.com", Password));
        Assert.NotNull(await Users.CheckPasswordAsync("change@example.com", "Brand-new-passw0rd"));
    }

    [Theory]
    [InlineData("users")]
    [InlineData("users frobnicate")]
    [InlineData("users add")]
    [InlineData("users add x@example.com --role")]
    [InlineData("users add x@example.com --colour blue")]
    [InlineData("users remove")]
    [InlineData("users set-role x@example.com")]
    public async Task BadUsage_PrintsUsage_AndChangesNothing(string commandLine)
    {
        var result = await RunAsync(commandLine.Split(' '), Password);

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("Usage", result.Error, StringComparison.Ordinal);
        Assert.Empty(await Users.ListAsync());
    }

    [Fact]
    public void TheCommandIsRecognised_OnlyWhenTheFirstArgumentIsUsers()
    {
        Assert.True(UsersCommand.IsInvocation(["users", "list"]));
        Assert.False(UsersCommand.IsInvocation([]));
        Assert.False(UsersCommand.IsInvocation(["--urls", "http://localhost:5000"]));
    }

    [Fact]
    public async Task Outside_Development_without_the_sites_secret_a_command_fails_with_the_reason_and_changes_nothing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Auth"] = $"Data Source={Path.Combine(_directory, "no-secret.db")};Pooling=False",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production, ContentRootPath = _directory });
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddUserStore();
        services.AddSiteAuth(configuration);
        using var provider = services.BuildServiceProvider();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await UsersCommand.RunAsync(provider, ["users", "add", "ada@example.com"], new StringReader(Password + "\n"), output, error);

        Assert.Equal(1, exit);
        Assert.StartsWith("No secret is configured for sign-in. Set the AUTH_SECRET environment variable", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at |Exception", error.ToString());
        Assert.Equal("", output.ToString());
        Assert.False(File.Exists(Path.Combine(_directory, "no-secret.db")));
    }

    private UserStore Users => _services.GetRequiredService<UserStore>();

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, string input = "")
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await UsersCommand.RunAsync(_services, args, new StringReader(input), output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
