using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Integration.Support;

/// <summary>
/// A test-only endpoint, <c>/_test/request</c>, that answers with the scheme, host, path base and client address the site
/// sees once the forwarded headers, the canonical URL and the path base have been applied.
/// </summary>
public sealed class RequestEcho : IStartupFilter
{
    public const string Path = "/_test/request";

    public static void Add(IServiceCollection services) => services.AddTransient<IStartupFilter, RequestEcho>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) => context.Request.Path.Value?.EndsWith(Path, StringComparison.Ordinal) == true
            ? context.Response.WriteAsJsonAsync(new
            {
                scheme = context.Request.Scheme,
                host = context.Request.Host.Value,
                remote = context.Connection.RemoteIpAddress?.ToString(),
            })
            : nextMiddleware(context));
        next(app);
    };
}
