namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The site on a real Kestrel loopback port, for tests that must send bytes HttpClient would rewrite or need a real client
/// address. The server starts on first use, so <see cref="SiteFactory.Settings"/> given in an initializer apply.
/// </summary>
public sealed class KestrelSiteFactory : SiteFactory
{
    public KestrelSiteFactory() => UseKestrel(0);

    /// <summary>The server's root URL.</summary>
    public Uri RootUri
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    /// <inheritdoc />
    public override SiteClient CreateSiteClient() =>
        new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = RootUri });

    /// <summary>A client that keeps no cookies and follows no redirect, so a test can send any Host or forwarded header.</summary>
    public HttpClient CreateRawKestrelClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = RootUri };
}
