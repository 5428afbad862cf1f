using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Tokens;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace AuthSite.Benchmarks;

/// <summary>
/// The server-session helper on a warm request: a new <see cref="DefaultHttpContext"/> per operation with its own
/// request scope and the session cookie in its <c>Cookie</c> header, the token issued now (inside UpdateAge, so the
/// cookie is never re-issued). Compared with the framework's cookie handler alone over a Data Protection ticket
/// carrying the same claims, set up the same way.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Site_GetServerSession</c>: <see cref="HttpContextSessionExtensions.GetServerSessionAsync"/>, which is the
/// cookie handler + the site's ticket format (JWE decode) + the jwt callback + building the <see cref="Session"/> +
/// the session callback.</item>
/// <item><c>Site_Authenticate</c>: the same request, only <c>AuthenticateAsync</c> on the session scheme (what
/// <c>UseAuthentication</c> and the middleware pay), to split the cost.</item>
/// <item><c>Site_Anonymous</c>: the helper with no cookie: the floor (scope, context, handler resolution).</item>
/// <item><c>Framework_CookieAuthenticate</c>: <c>AddCookie()</c> with its Data Protection ticket.</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
public class SessionHelperBenchmarks
{
    private ServiceProvider _site = null!;
    private IHttpContextAccessor _siteAccessor = null!;
    private string _siteCookieHeader = null!;
    private ServiceProvider _framework = null!;
    private IHttpContextAccessor _frameworkAccessor = null!;
    private string _frameworkCookieHeader = null!;

    [GlobalSetup]
    public void Setup()
    {
        var issued = DateTimeOffset.UtcNow;

        // The site's engine, configured the way AuthSetup.cs does for a session read inside UpdateAge: the jwt callback
        // returns the token unchanged (it only reloads the role on sign-in/refresh) and the session callback adds the role.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AUTH_SECRET"] = SameClaims.Secret })
            .Build();
        var site = new ServiceCollection();
        site.AddSingleton<IConfiguration>(configuration);
        site.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production, ApplicationName = "bench" });
        site.AddLogging();
        site.AddSessionAuth(configuration, options =>
        {
            options.Callbacks.Session = context =>
            {
                context.Session.User.Role = (string?)context.Token["role"];
                return ValueTask.FromResult<Session?>(context.Session);
            };
        });
        _site = site.BuildServiceProvider();
        _siteAccessor = _site.GetRequiredService<IHttpContextAccessor>();
        var codec = new EncryptedSessionTokenCodec([SameClaims.Secret], SameClaims.SessionCookie, TimeProvider.System);
        _siteCookieHeader = $"{SameClaims.SessionCookie}={codec.Encode(SameClaims.Payload(issued))}";

        // The framework alone: cookie authentication with its Data Protection ticket.
        var framework = new ServiceCollection();
        framework.AddLogging();
        framework.AddHttpContextAccessor();
        framework.AddDataProtection()
            .SetApplicationName("AuthSite.Benchmarks")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetTempPath(), "authsite-bench-dp-keys")));
        framework.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options => options.ExpireTimeSpan = TimeSpan.FromDays(30));
        _framework = framework.BuildServiceProvider();
        _frameworkAccessor = _framework.GetRequiredService<IHttpContextAccessor>();
        var cookieOptions = _framework.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        _frameworkCookieHeader = $"{cookieOptions.Cookie.Name}={cookieOptions.TicketDataFormat.Protect(SameClaims.Ticket(issued, CookieAuthenticationDefaults.AuthenticationScheme))}";

        Check().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _site.Dispose();
        _framework.Dispose();
    }

    [Benchmark]
    public async Task<Session?> Site_GetServerSession()
    {
        await using var scope = _site.CreateAsyncScope();
        var context = NewContext(scope, _siteCookieHeader, _siteAccessor);
        return await context.GetServerSessionAsync();
    }

    [Benchmark]
    public async Task<AuthenticateResult> Site_Authenticate()
    {
        await using var scope = _site.CreateAsyncScope();
        var context = NewContext(scope, _siteCookieHeader, _siteAccessor);
        return await context.AuthenticateAsync(SessionAuthDefaults.AuthenticationScheme);
    }

    [Benchmark]
    public async Task<Session?> Site_Anonymous()
    {
        await using var scope = _site.CreateAsyncScope();
        var context = NewContext(scope, cookieHeader: null, _siteAccessor);
        return await context.GetServerSessionAsync();
    }

    [Benchmark]
    public async Task<AuthenticateResult> Framework_CookieAuthenticate()
    {
        await using var scope = _framework.CreateAsyncScope();
        var context = NewContext(scope, _frameworkCookieHeader, _frameworkAccessor);
        return await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static DefaultHttpContext NewContext(AsyncServiceScope scope, string? cookieHeader, IHttpContextAccessor accessor)
    {
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 5000);
        context.Request.Path = "/dashboard";
        if (cookieHeader is not null)
        {
            context.Request.Headers.Cookie = cookieHeader;
        }

        accessor.HttpContext = context;
        return context;
    }

    /// <summary>Fails the run, rather than measuring the wrong thing, when a session is missing or a cookie is written.</summary>
    private async Task Check()
    {
        await using (var scope = _site.CreateAsyncScope())
        {
            var context = NewContext(scope, _siteCookieHeader, _siteAccessor);
            var session = await context.GetServerSessionAsync();
            if (session?.User.Email != SameClaims.Email || session.User.Role != SameClaims.Role)
            {
                throw new InvalidOperationException("The site's helper did not read the session.");
            }

            if (context.Response.Headers.SetCookie.Count != 0)
            {
                throw new InvalidOperationException($"A session read inside UpdateAge wrote a cookie: {context.Response.Headers.SetCookie}");
            }
        }

        await using (var scope = _framework.CreateAsyncScope())
        {
            var context = NewContext(scope, _frameworkCookieHeader, _frameworkAccessor);
            var result = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (!result.Succeeded || result.Principal.FindFirst("email")?.Value != SameClaims.Email || context.Response.Headers.SetCookie.Count != 0)
            {
                throw new InvalidOperationException("The framework's cookie handler did not read the ticket, or wrote a cookie.");
            }
        }
    }
}
