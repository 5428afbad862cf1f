using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Puts each request's client address, scheme and host right before the site's own pipeline runs, the way the
/// framework's <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> switch does: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// are honoured from <see cref="SessionAuthOptions.TrustedProxies"/> only, then <see cref="SessionAuthOptions.Url"/>, when set, gives
/// every request its scheme and host. Being first, no middleware of the site sees a request before this.
/// </summary>
internal sealed class RequestOriginStartupFilter(IOptions<SessionAuthOptions> options, IConfiguration configuration, ILogger<RequestOriginStartupFilter> logger)
    : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var auth = options.Value;

        // With the framework's switch on, its own filter has added the middleware already: a second pass would take one
        // more X-Forwarded-For entry, one the client wrote.
        if (!string.Equals(configuration["ForwardedHeaders_Enabled"], "true", StringComparison.OrdinalIgnoreCase))
        {
            if (auth.TrustedProxies.Count > 0)
            {
                app.UseForwardedHeaders();
            }

            // Behind a proxy that is not trusted every client has the proxy's address, so the sign-in throttle counts them
            // all as one: say so, once. (A request the middleware above has read carries X-Original-For.)
            var warned = 0;
            app.Use((context, nextMiddleware) =>
            {
                if (warned == 0 && context.Request.Headers.ContainsKey("X-Forwarded-For") && !context.Request.Headers.ContainsKey("X-Original-For")
                    && Interlocked.Exchange(ref warned, 1) == 0)
                {
                    AuthLog.UntrustedForwarder(logger, context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address");
                }

                return nextMiddleware(context);
            });
        }

        if (auth.Url is { } url && SiteUrl.Parse(url, out _) is { } site)
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Request.Scheme = site.Scheme;
                context.Request.Host = site.Host;
                return nextMiddleware(context);
            });
        }

        next(app);
    };

    /// <summary>Trusts exactly <paramref name="proxies"/> (addresses and networks) for <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>.</summary>
    public static void TrustOnly(ForwardedHeadersOptions forwarded, IEnumerable<string> proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            if (System.Net.IPAddress.TryParse(proxy, out var address))
            {
                forwarded.KnownProxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(proxy, out var network))
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        }

        // The middleware walks X-Forwarded-For from the right and stops at the first address that is not a trusted
        // proxy, so a chain of trusted proxies needs no fixed limit.
        forwarded.ForwardLimit = null;
    }
}
