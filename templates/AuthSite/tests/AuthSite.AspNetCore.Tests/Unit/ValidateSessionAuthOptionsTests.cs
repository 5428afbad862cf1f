using AuthSite.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore.Tests.Unit;

/// <summary>Start-up validation of <see cref="SessionAuthOptions"/>: refusals come with a message a user can act on.</summary>
public class ValidateSessionAuthOptionsTests
{
    private const string GoodSecret = "unit-secret-0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    [Fact]
    public void GoodOptions_Pass()
    {
        Assert.True(Validate(Good()).Succeeded);
    }

    [Fact]
    public void NoSecret_Fails_NamingAuthSecretAndTheLength()
    {
        var options = Good();
        options.Secrets = [];

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("AUTH_SECRET", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("32", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(31)]
    public void ShortSecret_Fails_WithItsLengthButNeverItsValue(int length)
    {
        var options = Good();
        var secret = new string('k', length);
        options.Secrets = [secret];

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains($"{length} characters", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("32", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(44)]
    [InlineData(200)]
    public void SecretsOf32OrMore_Pass(int length)
    {
        var options = Good();
        options.Secrets = [new string('k', length)];

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void AShortRotationSecret_Fails_SayingWhichOne()
    {
        var options = Good();
        options.Secrets = [GoodSecret, "short"];

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("2", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("5 characters", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateAgeAboveMaxAge_Fails()
    {
        var options = Good();
        options.Session.MaxAge = TimeSpan.FromHours(1);
        options.Session.UpdateAge = TimeSpan.FromHours(2);

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("UpdateAge", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NonPositiveMaxAge_Fails(int seconds)
    {
        var options = Good();
        options.Session.MaxAge = TimeSpan.FromSeconds(seconds);
        options.Session.UpdateAge = TimeSpan.Zero;

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("MaxAge", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void NonPositiveJwtMaxAge_Fails()
    {
        var options = Good();
        options.Jwt.MaxAge = TimeSpan.Zero;

        Assert.Contains("Jwt:MaxAge", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DatabaseStrategy_WithoutSessionAdapter_IsRefusedWithWhatToRegister()
    {
        var options = Good();
        options.Session.Strategy = SessionStrategy.Database;

        Assert.Contains("no ISessionAdapter is registered", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DatabaseStrategy_WithSessionAdapter_IsAccepted()
    {
        var options = Good();
        options.Session.Strategy = SessionStrategy.Database;
        var services = new ServiceCollection().AddSingleton<ISessionAdapter>(_ => throw new InvalidOperationException()).BuildServiceProvider();

        Assert.True(Validate(options, services: services.GetRequiredService<IServiceProviderIsService>()).Succeeded);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(601)]
    public void RevocationCheckInterval_OutOfRange_IsRefused(double seconds)
    {
        var options = Good();
        options.Session.RevocationCheckInterval = TimeSpan.FromSeconds(seconds);

        Assert.Contains("RevocationCheckInterval", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/signin")]
    [InlineData("//evil.example/signin")]
    [InlineData("/\\evil.example")]
    [InlineData("auth/signin")]
    [InlineData("")]
    public void PagesOffTheSite_Fail(string page)
    {
        var options = Good();
        options.Pages.SignIn = page;

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("Pages:SignIn", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("equals=sign")]
    public void InvalidCookieNames_Fail(string name)
    {
        var options = Good();
        options.Cookies.SessionToken = name;

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("Cookies:SessionToken", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxFailuresPerEmailAndAddress")]
    [InlineData("MaxFailuresPerEmail")]
    [InlineData("MaxFailuresPerAddress")]
    [InlineData("MaxTrackedKeys")]
    [InlineData("FailureWindow")]
    [InlineData("FailureDelay")]
    [InlineData("MaxFailureDelay")]
    public void UnusableThrottleSettings_Fail_NamingTheSetting(string setting)
    {
        var options = Good();
        var credentials = options.Credentials;
        switch (setting)
        {
            case "MaxFailuresPerEmailAndAddress": credentials.MaxFailuresPerEmailAndAddress = 0; break;
            case "MaxFailuresPerEmail": credentials.MaxFailuresPerEmail = 0; break;
            case "MaxFailuresPerAddress": credentials.MaxFailuresPerAddress = -1; break;
            case "MaxTrackedKeys": credentials.MaxTrackedKeys = 0; break;
            case "FailureWindow": credentials.FailureWindow = TimeSpan.Zero; break;
            case "FailureDelay": credentials.FailureDelay = TimeSpan.Zero; break;
            case "MaxFailureDelay": credentials.MaxFailureDelay = TimeSpan.FromMinutes(5); break;
        }

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains($"Auth:Providers:Credentials:{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretsAreCollected_InOrder_FromEverySource()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "from-AUTH_SECRET-0000000000000000000000",
            ["NEXTAUTH_SECRET"] = "from-NEXTAUTH_SECRET-00000000000000000000",
            ["Auth:Secret"] = "from-Auth-Secret-000000000000000000000000",
            ["Auth:Secrets:0"] = "from-Auth-Secrets-0-0000000000000000000000",
            ["Auth:Secrets:1"] = "from-AUTH_SECRET-0000000000000000000000",
        }).Build();

        var options = Resolve(configuration);

        Assert.Equal(
            ["from-AUTH_SECRET-0000000000000000000000", "from-NEXTAUTH_SECRET-00000000000000000000", "from-Auth-Secret-000000000000000000000000", "from-Auth-Secrets-0-0000000000000000000000"],
            options.Secrets);
    }

    [Fact]
    public void ResolvingOptionsWithoutASecret_ThrowsAMessageNamingAuthSecret()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:Secret"] = " " }).Build();

        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(configuration));

        Assert.Contains("AUTH_SECRET", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void TheDevelopmentSecret_IsRefusedOutsideDevelopment_WithoutShowingIt(string environment)
    {
        using var root = new TemporaryFolder();
        File.WriteAllText(Path.Combine(root.Path, "appsettings.Development.json"), $$"""{ "Auth": { "Secret": "{{GoodSecret}}" } }""");
        var options = Good();
        options.Secrets = ["another-secret-5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d", GoodSecret];

        var result = Validate(options, Environment(environment, root.Path));

        Assert.True(result.Failed);
        Assert.Contains("appsettings.Development.json", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("AUTH_SECRET", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(GoodSecret, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ADevelopmentSecret_IsRefusedOutsideDevelopment_EvenWhereItsFileWasNotDeployed()
    {
        using var root = new TemporaryFolder();
        var options = Good();
        options.Secrets = ["dev-secret-0f1e2d3c4b5a69788796a5b4c3d2e1f0-aa"];

        var result = Validate(options, Environment(Environments.Production, root.Path));

        Assert.True(result.Failed);
        Assert.Contains("development secret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDevelopmentSecret_IsAcceptedInDevelopment_AndAnotherSecretOutsideIt()
    {
        using var root = new TemporaryFolder();
        File.WriteAllText(Path.Combine(root.Path, "appsettings.Development.json"), $$"""{ "Auth": { "Secret": "{{GoodSecret}}" } }""");
        var production = Good();
        production.Secrets = ["another-secret-5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d"];

        Assert.True(Validate(Good(), Environment(Environments.Development, root.Path)).Succeeded);
        Assert.True(Validate(production, Environment(Environments.Production, root.Path)).Succeeded);
    }

    [Theory]
    [InlineData("https://example.com")]
    [InlineData("https://example.com/")]
    [InlineData("http://localhost:5000")]
    [InlineData("https://example.com/api/auth")]
    [InlineData("https://bücher.example")]
    public void AnOrigin_IsAValidAuthUrl(string url)
    {
        var options = Good();
        options.Url = url;

        Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
    }

    [Theory]
    [InlineData("example.com", "absolute")]
    [InlineData("/app", "absolute")]
    [InlineData("ftp://example.com", "absolute")]
    [InlineData("https://user:pass@example.com", "user information")]
    [InlineData("https://example.com/?x=1", "query")]
    [InlineData("https://example.com/#top", "fragment")]
    [InlineData("https://example.com/app", "PathBase")]
    public void AnythingButAnOrigin_IsRefusedAsAuthUrl_SayingWhy(string url, string reason)
    {
        var options = Good();
        options.Url = url;

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("AUTH_URL", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustedProxies_TakeAddressesAndNetworks_AndRefuseAnythingElse()
    {
        var options = Good();
        options.TrustedProxies = ["127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8"];
        Assert.True(Validate(options).Succeeded);

        options.TrustedProxies = ["10.0.0.0/8", "proxy.internal", "10.0.0.1/99"];
        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("'proxy.internal'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'10.0.0.1/99'", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("'10.0.0.0/8'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AUTH_URL", "https://auth.example")]
    [InlineData("NEXTAUTH_URL", "https://nextauth.example")]
    [InlineData("Auth:Url", "https://config.example")]
    public void TheSiteUrl_IsReadFromAuthUrlNextAuthUrlOrConfiguration(string key, string url)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:Secret"] = GoodSecret, [key] = url }).Build();

        Assert.Equal(url, Resolve(configuration).Url);
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("validate-options-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private static SessionAuthOptions Resolve(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton<IHostEnvironment>(Environment(Environments.Development, Path.GetTempPath()));
        services.AddLogging();
        services.AddSessionAuth(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SessionAuthOptions>>().Value;
    }

    private static SessionAuthOptions Good() => new() { Secrets = [GoodSecret] };

    private static ValidateOptionsResult Validate(SessionAuthOptions options, IHostEnvironment? environment = null, IServiceProviderIsService? services = null) =>
        new ValidateSessionAuthOptions(
            environment ?? Environment(Environments.Development, Path.GetTempPath()),
            services ?? new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceProviderIsService>()).Validate(Options.DefaultName, options);

    private static HostingEnvironment Environment(string name, string contentRoot) => new() { EnvironmentName = name, ContentRootPath = contentRoot };
}
