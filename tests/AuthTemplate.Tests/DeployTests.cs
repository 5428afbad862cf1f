using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using AuthTemplate.Tests.Infrastructure;

namespace AuthTemplate.Tests;

/// <summary>
/// A generated site is safe to deploy the way its README's <c>## Deploy</c> section says: the Production command runs
/// Production and needs <c>AUTH_SECRET</c>; the published dll runs from any working directory; behind a real nginx
/// terminating TLS every redirect, cookie and OAuth <c>redirect_uri</c> is https, at the root and under a path. The
/// commands and nginx directives are read from the README, so a README change that breaks them fails here. Every
/// process started here (sites, nginx) is stopped by PID when its test ends, passed or failed.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed partial class DeployTests(TemplateFixture fixture, PublishedSiteFixture published, ITestOutputHelper output)
    : IClassFixture<PublishedSiteFixture>
{
    // The default options: HTTPS redirection and HSTS are on, as in most real sites. Its GitHub provider is switched on
    // through the environment, as a deployer would.
    private const string Combination = "default";

    private const string UserEmail = "ada@example.com";
    private const string AdminEmail = "grace@example.com";
    private const string Password = "Deploy-test-password-1";

    // `dotnet run` builds the site first; a published dll only starts.
    private static readonly TimeSpan BuildAndStartTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Readme_production_command_runs_production_and_refuses_to_start_without_AUTH_SECRET()
    {
        var site = fixture.Get(Combination);
        // As a fresh clone has it: no database yet (other tests' Development runs made one).
        TemplateFixture.DeleteDirectory(site.FullPath($"src/{site.Combination.SiteName}/App_Data"));
        var readme = new DeployReadme(MarkdownDocument.Load(site.FullPath("README.md")));
        var environment = SiteEnvironment.InheritedSettingsRemoved();
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        // The build `dotnet run` does first leaves no compiler server or MSBuild node running under the process tree
        // that is killed at the end (one that other builds on the machine would share).
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["UseSharedCompilation"] = "false";

        output.WriteLine($"$ {readme.ProductionCommand.Replace("\n", "\n$ ")}");
        using (var run = ServerProcess.Start("bash", ["-c", readme.ProductionCommand], site.Directory, environment, Log("production-command")))
        {
            var (url, _) = SiteHost.WaitUntilStarted(run, BuildAndStartTimeout);
            Assert.True(
                run.Output.Contains("Hosting environment: Production", StringComparison.Ordinal),
                "The README's Production command did not run in Production.\n" + run.Describe());
            using var http = new HttpClient { BaseAddress = url };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        }

        // Its last line, in a shell without AUTH_SECRET (SiteEnvironment.InheritedSettingsRemoved took it out).
        var refused = CommandRunner.Run("bash", ["-c", readme.ProductionStartLine], site.Directory, BuildAndStartTimeout, Log("production-command-without-secret"), environment);
        output.WriteLine($"without AUTH_SECRET: exit code {refused.ExitCode}\n{refused.Tail(15)}");
        Assert.False(refused.TimedOut, "Without AUTH_SECRET the site started and kept running.\n" + refused.Describe());
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("AUTH_SECRET", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Published_site_runs_from_another_working_directory()
    {
        var site = published.Get(fixture, Combination);
        var appData = Path.Combine(site.Directory, "App_Data");
        TemplateFixture.DeleteDirectory(appData);
        var rootAppDataExisted = Directory.Exists("/App_Data");
        using var workingDirectory = new TempDirectory("authsite-cwd-");
        var environment = SiteEnvironment.Production();

        // The README's unit migrates before each start (ExecStartPre), from the same working directory.
        var migrate = site.Migrate(workingDirectory.Path, environment, Log("migrate"));
        Assert.True(migrate.Succeeded, "db migrate failed.\n" + migrate.Describe());
        using var server = site.Start(workingDirectory.Path, environment, Log("published"));
        var (url, contentRoot) = SiteHost.WaitUntilStarted(server, StartTimeout);
        Assert.Equal(Path.TrimEndingDirectorySeparator(site.Directory), Path.TrimEndingDirectorySeparator(contentRoot));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = url };

        var home = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var css = await http.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);

        Assert.True(File.Exists(Path.Combine(appData, "auth.db")), $"No database in the publish folder's App_Data ({appData}).\n" + server.Describe());
        Assert.False(Directory.Exists(Path.Combine(workingDirectory.Path, "App_Data")), "The site made App_Data in its working directory.");
        Assert.True(rootAppDataExisted || !Directory.Exists("/App_Data"), "The site made /App_Data.");

        // Production has no demo accounts; a user made with the README's users command signs in.
        var demo = await CredentialsForm.SignInAsync(http, "", "user@example.com", "Password1!", "/dashboard");
        Assert.Equal(HttpStatusCode.Found, demo.StatusCode);
        Assert.Contains("error=CredentialsSignin", demo.Headers.Location?.OriginalString, StringComparison.Ordinal);

        site.AddUser(workingDirectory.Path, environment, UserEmail, role: null, Password, Log("published.users-add"));
        var signIn = await CredentialsForm.SignInAsync(http, "", UserEmail, Password, "/dashboard");
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.Equal(new Uri(url, "/dashboard"), signIn.Headers.Location);
        var dashboard = await http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(UserEmail, await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_nginx_terminating_tls_redirects_cookies_and_oauth_are_https()
    {
        var site = published.Get(fixture, Combination);
        using var data = new TempDirectory("authsite-data-");
        var environment = ProxiedEnvironment(data.Path);
        site.AddUser(data.Path, environment, UserEmail, role: null, Password, Log("tls.users-add"));
        using var server = site.Start(data.Path, environment, Log("tls.site"));
        var (upstream, _) = SiteHost.WaitUntilStarted(server, StartTimeout);
        using var nginx = NginxProxy.Start(site.Readme.ProxyLocation("/", $"http://127.0.0.1:{upstream.Port}"), Log("tls.nginx"));
        using var client = nginx.CreateClient();

        var signIn = await CredentialsForm.SignInAsync(client, "", UserEmail, Password, "/dashboard");
        Assert.True(signIn.StatusCode == HttpStatusCode.Found, $"Sign-in answered {(int)signIn.StatusCode}.\n{server.Describe()}\n{nginx.Describe()}");
        Assert.Equal(new Uri($"{nginx.Origin}/dashboard"), signIn.Headers.Location);
        var session = CredentialsForm.SessionCookie(signIn);
        Assert.StartsWith("__Secure-", session.Name, StringComparison.Ordinal);
        Assert.True(session.Secure, $"The session cookie is not Secure: {session}");
        Assert.True(session.HttpOnly, $"The session cookie is not HttpOnly: {session}");

        var dashboard = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(UserEmail, await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The OAuth start builds the provider's URL without any network; redirect_uri must be the public https one.
        var github = await client.PostAsync("/api/auth/signin/github", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrfToken"] = await CredentialsForm.CsrfTokenAsync(client, ""),
            ["callbackUrl"] = "/dashboard",
        }));
        Assert.Equal(HttpStatusCode.Found, github.StatusCode);
        var authorize = github.Headers.Location!;
        Assert.Equal("https://github.com/login/oauth/authorize", authorize.GetLeftPart(UriPartial.Path));
        Assert.Equal($"{nginx.Origin}/api/auth/callback/github", HttpUtility.ParseQueryString(authorize.Query)["redirect_uri"]);

        AssertProvidersUse(await client.GetFromJsonAsync<JsonObject>("/api/auth/providers"), $"{nginx.Origin}/api/auth/");
    }

    [Fact]
    public async Task Under_a_path_behind_nginx_links_redirects_roles_and_sign_out_stay_under_it()
    {
        var site = published.Get(fixture, Combination);
        var pathBase = site.Readme.PathBase;
        Assert.Equal(pathBase + "/", site.Readme.PathLocation);
        using var data = new TempDirectory("authsite-data-");
        var environment = ProxiedEnvironment(data.Path);
        environment["PathBase"] = pathBase;
        site.AddUser(data.Path, environment, UserEmail, role: null, Password, Log("path.users-add-user"));
        site.AddUser(data.Path, environment, AdminEmail, role: "admin", Password, Log("path.users-add-admin"));
        using var server = site.Start(data.Path, environment, Log("path.site"));
        var (upstream, _) = SiteHost.WaitUntilStarted(server, StartTimeout);
        using var nginx = NginxProxy.Start(site.Readme.ProxyLocation(site.Readme.PathLocation, $"http://127.0.0.1:{upstream.Port}"), Log("path.nginx"));
        var origin = nginx.Origin + pathBase;

        using var user = nginx.CreateClient();
        var home = await user.GetAsync(pathBase + "/");
        Assert.True(home.StatusCode == HttpStatusCode.OK, $"{pathBase}/ answered {(int)home.StatusCode}.\n{server.Describe()}\n{nginx.Describe()}");
        var links = LinkTargets().Matches(await home.Content.ReadAsStringAsync()).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith(pathBase + "/", link, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(pathBase + "/css/site.css")).StatusCode);

        var anonymous = await user.GetAsync(pathBase + "/dashboard");
        Assert.Equal(HttpStatusCode.Found, anonymous.StatusCode);
        Assert.StartsWith($"{origin}/auth/signin?", Absolute(anonymous).AbsoluteUri, StringComparison.Ordinal);

        var signIn = await CredentialsForm.SignInAsync(user, pathBase, UserEmail, Password, pathBase + "/dashboard");
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.Equal(new Uri($"{origin}/dashboard"), signIn.Headers.Location);
        var session = CredentialsForm.SessionCookie(signIn);
        Assert.StartsWith("__Secure-", session.Name, StringComparison.Ordinal);
        Assert.Equal(pathBase, session.Path);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(pathBase + "/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(pathBase + "/admin")).StatusCode);

        using var admin = nginx.CreateClient();
        Assert.Equal(HttpStatusCode.Found, (await CredentialsForm.SignInAsync(admin, pathBase, AdminEmail, Password, pathBase + "/admin")).StatusCode);
        var adminPage = await admin.GetAsync(pathBase + "/admin");
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        Assert.Contains(AdminEmail, await adminPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        AssertProvidersUse(await user.GetFromJsonAsync<JsonObject>(pathBase + "/api/auth/providers"), $"{origin}/api/auth/");

        // Sign out with the form the home page renders for a signed-in user.
        var signedInHome = await (await user.GetAsync(pathBase + "/")).Content.ReadAsStringAsync();
        var form = HtmlForm.Find(signedInHome, "signout");
        var signOut = await user.PostAsync(form.Action, form.Content());
        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal(new Uri($"{origin}/"), Absolute(signOut));
        Assert.Equal("{}", (await user.GetStringAsync(pathBase + "/api/auth/session")).Trim());
    }

    // Behind the proxy as the README sets it up: the database outside the publish folder, the proxy trusted, and a
    // GitHub app configured through the environment (its URLs are built, never visited).
    private static Dictionary<string, string?> ProxiedEnvironment(string dataDirectory)
    {
        var environment = SiteEnvironment.Production();
        environment["ConnectionStrings__Auth"] = $"Data Source={Path.Combine(dataDirectory, "auth.db")}";
        environment["Auth__TrustedProxies__0"] = "127.0.0.1";
        environment["Auth__Providers__GitHub__ClientId"] = "deploy-test-client";
        environment["Auth__Providers__GitHub__ClientSecret"] = "deploy-test-client-secret";
        return environment;
    }

    private static Uri Absolute(HttpResponseMessage redirect) => new(redirect.RequestMessage!.RequestUri!, redirect.Headers.Location!);

    private static void AssertProvidersUse(JsonObject? providers, string prefix)
    {
        Assert.NotNull(providers);
        Assert.Contains("credentials", providers.Select(p => p.Key));
        Assert.Contains("github", providers.Select(p => p.Key));
        foreach (var (id, provider) in providers)
        {
            Assert.Equal(prefix + "signin/" + id, (string?)provider!["signinUrl"]);
            Assert.Equal(prefix + "callback/" + id, (string?)provider["callbackUrl"]);
        }
    }

    private string Log(string name) => Path.Combine(fixture.LogDirectory, $"deploy.{name}.log");

    [GeneratedRegex(@"\b(?:href|src|action)=""(?<url>[^""]*)""")]
    private static partial Regex LinkTargets();
}
