namespace AuthSite.Tests.Infrastructure;

/// <summary>The site on a real Kestrel loopback port, for tests that must send bytes HttpClient would rewrite.</summary>
public sealed class KestrelSiteFactory : SiteFactory
{
    public KestrelSiteFactory()
    {
        UseKestrel(0);
        StartServer();
    }

    /// <summary>The server's root URL.</summary>
    public Uri RootUri => ClientOptions.BaseAddress;

    /// <inheritdoc />
    public override SiteClient CreateSiteClient() =>
        new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = RootUri });
}
