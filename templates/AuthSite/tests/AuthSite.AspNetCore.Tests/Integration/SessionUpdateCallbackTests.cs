using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// A session update (<c>update(data)</c>, <c>POST /api/auth/session</c>) as NextAuth's session callback sees it: under the
/// database strategy the callback runs afresh with <c>newSession</c> (the posted data) and <c>trigger: "update"</c>, and
/// its result is the answer; on a read, and under the jwt strategy always, it gets neither.
/// </summary>
public class SessionUpdateCallbackTests
{
    [Fact]
    public async Task Database_AnUpdate_RunsTheSessionCallbackWithTheDataAndTrigger_AndAnswersWhatItReturns()
    {
        using var recorded = new RecordingSite(SessionStrategy.Database);
        using var user = await SignedInClient.SignInAsync(recorded.Site);
        var row = Assert.Single(recorded.Site.Adapter.Rows).Session;
        var writes = recorded.Site.Adapter.UpdateCalls;
        recorded.Clear();

        Assert.Equal("Demo User", (string?)(await user.Client.GetSessionAsync())["user"]!["name"]);
        using var update = await PostUpdateAsync(user, await user.Client.GetCsrfTokenAsync(), new JsonObject { ["name"] = "Renamed" });

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var answer = (await update.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Renamed", (string?)answer["user"]!["name"]);
        Assert.Equal(DemoUsers.User, (string?)answer["user"]!["email"]);
        Assert.Equal([new SessionCall("GET", null, null), new SessionCall("POST", JwtTriggers.Update, """{"name":"Renamed"}""")], recorded.Calls);
        Assert.Equal(["Demo User", "Renamed"], recorded.SessionEvents);

        // The callback owns persistence: the engine wrote nothing, so the next read is as before, on the same row.
        Assert.Equal("Demo User", (string?)(await user.Client.GetSessionAsync())["user"]!["name"]);
        Assert.Equal(writes, recorded.Site.Adapter.UpdateCalls);
        Assert.Equal(row.Expires, Assert.Single(recorded.Site.Adapter.Rows).Session.Expires);
    }

    [Fact]
    public async Task Database_AnUpdate_RunsTheSessionCallbackAfresh_WhenTheRequestHadAlreadyReadTheSession()
    {
        using var recorded = new RecordingSite(SessionStrategy.Database, readSessionFirst: true);
        using var user = await SignedInClient.SignInAsync(recorded.Site);
        var csrfToken = await user.Client.GetCsrfTokenAsync();
        recorded.Clear();

        using var update = await PostUpdateAsync(user, csrfToken, new JsonObject { ["name"] = "Renamed" });

        Assert.Equal("Renamed", (string?)(await update.Content.ReadFromJsonAsync<JsonObject>())!["user"]!["name"]);
        Assert.Equal([new SessionCall("POST", null, null), new SessionCall("POST", JwtTriggers.Update, """{"name":"Renamed"}""")], recorded.Calls);
    }

    [Fact]
    public async Task Database_AnUpdate_WhoseSessionCallbackReturnsNull_AnswersAnEmptyObject()
    {
        using var recorded = new RecordingSite(SessionStrategy.Database, nullOnUpdate: true);
        using var user = await SignedInClient.SignInAsync(recorded.Site);

        using var update = await PostUpdateAsync(user, await user.Client.GetCsrfTokenAsync(), new JsonObject { ["name"] = "Renamed" });

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("{}", await update.Content.ReadAsStringAsync());
        Assert.Equal(DemoUsers.User, (string?)(await user.Client.GetSessionAsync())["user"]!["email"]);
    }

    [Fact]
    public async Task Database_AnUpdate_WithABadCsrfToken_Is400_AndRunsNoCallback()
    {
        using var recorded = new RecordingSite(SessionStrategy.Database);
        using var user = await SignedInClient.SignInAsync(recorded.Site);
        var csrfToken = await user.Client.GetCsrfTokenAsync();
        recorded.Clear();

        using (var forged = await PostUpdateAsync(user, "forged-" + csrfToken, new JsonObject { ["name"] = "Forged" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Equal("{}", await forged.Content.ReadAsStringAsync());
        }

        Assert.Empty(recorded.Calls);

        // The same update with the browser's token reaches the callback.
        using var update = await PostUpdateAsync(user, csrfToken, new JsonObject { ["name"] = "Renamed" });
        Assert.Equal(new SessionCall("POST", JwtTriggers.Update, """{"name":"Renamed"}"""), Assert.Single(recorded.Calls, call => call.Method == "POST"));
    }

    [Fact]
    public async Task Jwt_AnUpdate_GivesTheSessionCallbackNeitherTriggerNorNewSession()
    {
        using var recorded = new RecordingSite(SessionStrategy.Jwt);
        using var user = await SignedInClient.SignInAsync(recorded.Site);
        var csrfToken = await user.Client.GetCsrfTokenAsync();
        recorded.Clear();

        using var update = await PostUpdateAsync(user, csrfToken, new JsonObject { ["name"] = "Renamed" });

        // The jwt callback has the data (and the test site's copies its name into the token); the session callback has neither.
        Assert.Equal("Renamed", (string?)(await update.Content.ReadFromJsonAsync<JsonObject>())!["user"]!["name"]);
        Assert.Contains(recorded.Site.Callbacks.JwtCalls, call => call.Trigger == JwtTriggers.Update && (string?)call.Session?["name"] == "Renamed");
        Assert.Equal([new SessionCall("POST", null, null)], recorded.Calls);
    }

    private static async Task<HttpResponseMessage> PostUpdateAsync(SignedInClient user, string csrfToken, JsonObject data) =>
        await user.Client.Http.SendAsync(Requests.PostJson("/api/auth/session", new JsonObject { ["csrfToken"] = csrfToken, ["data"] = data }));

    /// <summary>One session callback call: the request's method, its trigger, and its newSession as JSON text.</summary>
    private sealed record SessionCall(string Method, string? Trigger, string? NewSession);

    /// <summary>
    /// A <see cref="SessionSiteFactory"/> site whose session callback, after the test site's, records each call and, on an
    /// update, shows <c>newSession.name</c> as the user's name (or returns <see langword="null"/> when
    /// <c>nullOnUpdate</c>); its session event records the name it was given. With <c>readSessionFirst</c>, every request
    /// reads its session before the endpoint runs, as a page's middleware might.
    /// </summary>
    private sealed class RecordingSite : IDisposable
    {
        private readonly ConcurrentQueue<SessionCall> _calls = new();
        private readonly ConcurrentQueue<string?> _sessionEvents = new();

        public RecordingSite(SessionStrategy strategy, bool nullOnUpdate = false, bool readSessionFirst = false)
        {
            Site = new SessionSiteFactory(strategy)
            {
                ConfigureTestServices = services =>
                {
                    services.PostConfigure<SessionAuthOptions>(options =>
                    {
                        var session = options.Callbacks.Session;
                        options.Callbacks.Session = async context =>
                        {
                            _calls.Enqueue(new SessionCall(context.HttpContext.Request.Method, context.Trigger, context.NewSession?.ToJsonString()));
                            var shaped = await session(context);
                            if (context.Trigger == JwtTriggers.Update)
                            {
                                if (nullOnUpdate)
                                {
                                    return null;
                                }

                                shaped!.User.Name = (string?)context.NewSession?["name"];
                            }

                            return shaped;
                        };
                        options.Events.Session = context =>
                        {
                            _sessionEvents.Enqueue(context.Session.User.Name);
                            return ValueTask.CompletedTask;
                        };
                    });

                    if (readSessionFirst)
                    {
                        services.AddTransient<IStartupFilter, ReadSessionFirst>();
                    }
                },
            };
        }

        public SessionSiteFactory Site { get; }

        public IReadOnlyList<SessionCall> Calls => [.. _calls];

        public IReadOnlyList<string?> SessionEvents => [.. _sessionEvents];

        public void Clear()
        {
            _calls.Clear();
            _sessionEvents.Clear();
        }

        public void Dispose() => Site.Dispose();
    }

    private sealed class ReadSessionFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                await context.GetServerSessionAsync();
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
