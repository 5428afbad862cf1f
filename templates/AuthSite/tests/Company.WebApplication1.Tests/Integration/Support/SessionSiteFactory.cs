using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Company.WebApplication1.Tests.Integration.Support;

/// <summary>
/// The site under one session strategy (<c>Auth:Session:Strategy</c>, <c>jwt</c> or <c>database</c>) on a clock the test
/// moves. Two factories given the same <see cref="SiteFactory.Database"/> and the same clock are two instances of one site
/// behind a load balancer. Requests carry their cookies by hand, so a test can replay any cookie value it has seen.
/// <see cref="SiteFactory.ConfigureTestServices"/> stays the test's own.
/// </summary>
public sealed class SessionSiteFactory : SiteFactory
{
    /// <param name="strategy"><c>jwt</c> or <c>database</c>.</param>
    /// <param name="time">The clock, shared with another instance; a new one at the current time by default.</param>
    public SessionSiteFactory(string strategy, FakeTimeProvider? time = null)
    {
        Strategy = strategy;
        Time = time ?? NewClock();
        Settings["Auth:Session:Strategy"] = strategy;
    }

    /// <summary>Both strategies, for a <c>[Theory]</c>.</summary>
    public static TheoryData<string> Strategies => ["jwt", "database"];

    /// <summary>The strategy the site runs under.</summary>
    public string Strategy { get; }

    /// <summary>The site's clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>How long another instance may go on accepting a session this one ended (<c>Auth:Session:RevocationCheckInterval</c>).</summary>
    public TimeSpan RevocationCheckInterval => this.SessionAuthOptions().Session.RevocationCheckInterval;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    /// <summary>
    /// A clock at the current time in whole milliseconds, the precision the sessions table keeps on SQLite, so the times
    /// read back from it equal the clock's.
    /// </summary>
    public static FakeTimeProvider NewClock() => new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    /// <summary>
    /// A new database for instances that share one (a SQLite file, or a PostgreSQL database name); the test deletes it with
    /// <see cref="SiteFactory.DeleteDatabase"/> once the instances are disposed.
    /// </summary>
    public static string NewDatabaseName() => Postgres is null
        ? Path.Combine(Path.GetTempPath(), $"session-tests-{Guid.NewGuid():N}.db")
        : $"session_tests_{Guid.NewGuid():N}";

    /// <summary>
    /// Signs in with the credentials form, from a browser that sends <paramref name="userAgent"/> (none by default) and the
    /// session cookie <paramref name="over"/> (none by default); returns the new session cookie as a <c>Cookie</c> header value.
    /// </summary>
    public async Task<string> SignInAsync(string email, string? userAgent = null, string? over = null)
    {
        var csrf = await this.GetCsrfPairAsync();
        var fields = new Dictionary<string, string> { ["csrfToken"] = csrf.Token, ["email"] = email, ["password"] = DemoUsers.Password };
        using var request = Requests.PostForm("/api/auth/callback/credentials", fields, csrf.Cookie, over);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        using var response = await SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return SessionCookieSetBy(response) ?? throw new Xunit.Sdk.XunitException($"Signing in as {email} set no session cookie.");
    }

    /// <summary>Sends <paramref name="request"/> from a client that keeps no cookies and follows no redirects.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using var client = this.CreateRawClient();
        return await client.SendAsync(request);
    }

    /// <summary>The response to <c>GET <paramref name="path"/></c> with the session cookie <paramref name="session"/>.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string? session) => await SendAsync(Requests.Get(path, session));

    /// <summary>
    /// Posts a form to <paramref name="path"/> with the session cookie and a fresh CSRF cookie; the form's <c>csrfToken</c>
    /// is that cookie's token unless <paramref name="csrfToken"/> says otherwise (<c>""</c>: the field is left out).
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string? session, IDictionary<string, string>? fields = null, string? csrfToken = null)
    {
        var csrf = await this.GetCsrfPairAsync();
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>());
        if ((csrfToken ?? csrf.Token) is { Length: > 0 } token)
        {
            form["csrfToken"] = token;
        }

        return await SendAsync(Requests.PostForm(path, form, session, csrf.Cookie));
    }

    /// <summary>Signs the session <paramref name="session"/> out with <c>POST /api/auth/signout</c>.</summary>
    public async Task SignOutAsync(string session)
    {
        using var response = await PostAsync("/api/auth/signout", session);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(this.SessionCookieName(), SetCookies.Deleted(response));
    }

    /// <summary><c>GET /api/auth/sessions</c> with <paramref name="session"/>: the user's sessions as the API lists them.</summary>
    public async Task<JsonArray> ListSessionsAsync(string session)
    {
        using var response = await GetAsync("/api/auth/sessions", session);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    /// <summary>The session cookie a response set (all its chunks) as a <c>Cookie</c> header value, or <see langword="null"/>.</summary>
    public string? SessionCookieSetBy(HttpResponseMessage response)
    {
        var name = this.SessionCookieName();
        var cookies = SetCookies.Written(response).Values.Where(cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), name)).ToList();
        return cookies.Count == 0 ? null : string.Join("; ", cookies.Select(cookie => $"{cookie.Name}={cookie.Value}"));
    }

    /// <summary>The rows of the sessions table of the user with <paramref name="email"/>, oldest first, read from the database.</summary>
    public async Task<IReadOnlyList<StoredSession>> SessionRowsAsync(string email)
    {
        await using var context = Services.GetRequiredService<AuthDatabase>().CreateContext();
        var userId = await context.Users.Where(user => user.Email == email).Select(user => user.Id).SingleAsync();
        return await context.Sessions.AsNoTracking().Where(session => session.UserId == userId).OrderBy(session => session.CreatedAt).ToListAsync();
    }
}
