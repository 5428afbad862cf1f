using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Company.WebApplication1.EndToEnd.OpenIdProvider;

/// <summary>
/// A real OpenID Connect provider for the end-to-end tests: an OpenIddict server in its own
/// <see cref="WebApplication"/> on Kestrel, <c>http://127.0.0.1:{random port}/</c>.
/// </summary>
/// <remarks>
/// <para>
/// OpenIddict runs in degraded mode (no database): the one client (<see cref="ClientId"/> /
/// <see cref="ClientSecret"/>) and its redirect URIs are checked by this class's event handlers.
/// Authorization code flow only, PKCE required, scopes <c>openid profile email</c>, client
/// authentication <c>client_secret_post</c> or <c>client_secret_basic</c>; in-memory keys (an RS256
/// signing key per test process, a symmetric encryption key per instance); access tokens are signed,
/// not encrypted, JWTs.
/// </para>
/// <para>
/// Endpoints: discovery <c>/.well-known/openid-configuration</c>, JWKS <c>/.well-known/jwks</c>,
/// authorization <c>/connect/authorize</c> (a login/consent page listing <see cref="Users"/>),
/// token <c>/connect/token</c>, userinfo <c>/connect/userinfo</c>.
/// </para>
/// <para>
/// Claims: <c>sub</c> always; <c>name</c> with scope <c>profile</c>; <c>email</c> and
/// <c>email_verified</c> with scope <c>email</c> — in the id_token, the access token and the userinfo
/// response; <c>nonce</c> is echoed into the id_token. Authorization codes can be redeemed once.
/// </para>
/// </remarks>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    /// <summary>The one registered client's <c>client_id</c>.</summary>
    public const string ClientId = "authsite-tests";

    /// <summary>The one registered client's <c>client_secret</c>.</summary>
    public const string ClientSecret = "authsite-tests-secret";

    /// <summary>The site's OpenID Connect callback path, accepted by <see cref="IsLoopbackCallback"/>.</summary>
    public const string CallbackPath = "/api/auth/callback/oidc";

    /// <summary>Path of the authorization endpoint (login/consent page).</summary>
    public const string AuthorizationPath = "/connect/authorize";

    /// <summary>Path of the token endpoint.</summary>
    public const string TokenPath = "/connect/token";

    /// <summary>Path of the userinfo endpoint.</summary>
    public const string UserInfoPath = "/connect/userinfo";

    /// <summary>Path of the discovery document.</summary>
    public const string DiscoveryPath = "/.well-known/openid-configuration";

    /// <summary>Path of the JSON Web Key Set (OpenIddict's default).</summary>
    public const string JwksPath = "/.well-known/jwks";

    private static readonly ImmutableArray<string> SupportedScopes = [Scopes.OpenId, Scopes.Profile, Scopes.Email];

    private static readonly Lazy<RsaSecurityKey> SigningKey = new(
        static () => new RsaSecurityKey(RSA.Create(2048)),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly WebApplication _app;
    private readonly Func<Uri, bool> _redirectUriPolicy;
    private readonly ConcurrentDictionary<string, byte> _allowedRedirectUris = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _redeemedCodes = new(StringComparer.Ordinal);
    private readonly List<TestOpenIdUser> _users =
    [
        new("alice", "alice-sub", "Alice Example", "alice@example.org"),
        new("bob", "bob-sub", "Bob Example", "bob@example.org"),
    ];
    private readonly Lock _lock = new();

    private Uri? _authority;
    private IReadOnlyDictionary<string, string>? _lastAuthorizationRequest;
    private int _authorizationRequestCount;
    private int _tokenRequestCount;
    private int _userInfoRequestCount;
    private int _disposed;

    private TestOpenIdProvider(Func<Uri, bool> redirectUriPolicy)
    {
        _redirectUriPolicy = redirectUriPolicy;
        _app = BuildApplication();
    }

    /// <summary>The provider's base URL (its issuer), e.g. <c>http://127.0.0.1:41234/</c>; ends with a slash.</summary>
    public Uri Authority => _authority ?? throw new InvalidOperationException("The provider has not been started.");

    /// <summary>Authorization requests received from clients (the consent form's own post-back is not counted), valid or not.</summary>
    public int AuthorizationRequestCount => Volatile.Read(ref _authorizationRequestCount);

    /// <summary>Token requests received, successful or not.</summary>
    public int TokenRequestCount => Volatile.Read(ref _tokenRequestCount);

    /// <summary>Userinfo requests received, successful or not.</summary>
    public int UserInfoRequestCount => Volatile.Read(ref _userInfoRequestCount);

    /// <summary>
    /// The parameters (query, or form for a POST) of the last authorization request received from a
    /// client — e.g. to assert that the site sent <c>code_challenge_method=S256</c> and a <c>nonce</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LastAuthorizationRequest => Volatile.Read(ref _lastAuthorizationRequest);

    /// <summary>The users listed on the consent page, in order (alice and bob, then those added).</summary>
    public IReadOnlyList<TestOpenIdUser> Users
    {
        get
        {
            lock (_lock)
            {
                return [.. _users];
            }
        }
    }

    /// <summary>
    /// Starts a provider that accepts no redirect URI until <see cref="AllowRedirectUri"/> is called
    /// (the usual order: start the provider, start the site with its <see cref="Authority"/>, then
    /// register the site's callback URL).
    /// </summary>
    public static Task<TestOpenIdProvider> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(static _ => false, cancellationToken);

    /// <summary>Starts a provider that accepts exactly these redirect URIs (ordinal comparison), plus any later <see cref="AllowRedirectUri"/>.</summary>
    public static async Task<TestOpenIdProvider> StartAsync(IEnumerable<string> redirectUris, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redirectUris);
        var uris = redirectUris.ToList();
        var provider = await StartAsync(static _ => false, cancellationToken);
        foreach (var uri in uris)
        {
            provider.AllowRedirectUri(uri);
        }

        return provider;
    }

    /// <summary>
    /// Starts a provider that accepts every redirect URI the policy accepts, plus any
    /// <see cref="AllowRedirectUri"/>; pass <see cref="IsLoopbackCallback"/> to accept the site's
    /// callback on any loopback port.
    /// </summary>
    public static async Task<TestOpenIdProvider> StartAsync(Func<Uri, bool> redirectUriPolicy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redirectUriPolicy);
        var provider = new TestOpenIdProvider(redirectUriPolicy);
        try
        {
            await provider._app.StartAsync(cancellationToken);
            var address = provider._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            provider._authority = new Uri(address.TrimEnd('/') + "/", UriKind.Absolute);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A redirect URI policy: <c>http</c>, host <c>127.0.0.1</c> or <c>localhost</c>, any port, path
    /// exactly <see cref="CallbackPath"/>, no query, no fragment, no user info.
    /// </summary>
    public static bool IsLoopbackCallback(Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        return redirectUri.IsAbsoluteUri
            && redirectUri.Scheme == Uri.UriSchemeHttp
            && (redirectUri.Host == "127.0.0.1" || string.Equals(redirectUri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            && string.IsNullOrEmpty(redirectUri.UserInfo)
            && string.Equals(redirectUri.AbsolutePath, CallbackPath, StringComparison.Ordinal)
            && string.IsNullOrEmpty(redirectUri.Query)
            && string.IsNullOrEmpty(redirectUri.Fragment);
    }

    /// <summary>Registers a redirect URI for the client (exact, ordinal match), e.g. <c>http://127.0.0.1:5123/api/auth/callback/oidc</c>.</summary>
    public void AllowRedirectUri(string redirectUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"'{redirectUri}' is not an absolute URI.", nameof(redirectUri));
        }

        _allowedRedirectUris.TryAdd(redirectUri, 0);
    }

    /// <summary>Registers a redirect URI for the client (its <see cref="Uri.AbsoluteUri"/>, exact match).</summary>
    public void AllowRedirectUri(Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        AllowRedirectUri(redirectUri.AbsoluteUri);
    }

    /// <summary>
    /// Adds a user to the consent page (takes effect on the next page load; may be called before or
    /// after a sign-in starts). The username (the button's <c>data-testid="oidc-allow-{username}"</c>)
    /// defaults to the email's local part.
    /// </summary>
    public TestOpenIdUser AddUser(string sub, string name, string email, string? username = null, bool emailVerified = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(sub);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(email);
        username ??= email.Split('@')[0];
        ArgumentException.ThrowIfNullOrEmpty(username);

        var user = new TestOpenIdUser(username, sub, name, email, emailVerified);
        lock (_lock)
        {
            if (_users.Exists(existing => string.Equals(existing.Username, username, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"A user named '{username}' already exists.");
            }

            _users.Add(user);
        }

        return user;
    }

    /// <summary>Sets the request counters back to zero and forgets <see cref="LastAuthorizationRequest"/>.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _authorizationRequestCount, 0);
        Interlocked.Exchange(ref _tokenRequestCount, 0);
        Interlocked.Exchange(ref _userInfoRequestCount, 0);
        Volatile.Write(ref _lastAuthorizationRequest, null);
    }

    /// <summary>An absolute URL on the provider.</summary>
    public Uri Url(string path) => new(Authority, path.TrimStart('/'));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private WebApplication BuildApplication()
    {
        // The empty builder reads no appsettings.json, environment variables or command line, so
        // neither the site's settings (copied beside the test assembly) nor ASPNETCORE_URLS apply.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TestOpenIdProvider).Assembly.GetName().Name,
            EnvironmentName = Environments.Development,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddLogging();
        builder.Services.AddRouting();

        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris(AuthorizationPath.TrimStart('/'))
                   .SetTokenEndpointUris(TokenPath.TrimStart('/'))
                   .SetUserInfoEndpointUris(UserInfoPath.TrimStart('/'));
            // Discovery and JWKS stay at OpenIddict's defaults (DiscoveryPath, JwksPath).

            options.AllowAuthorizationCodeFlow()
                   .RequireProofKeyForCodeExchange();

            options.RegisterScopes([.. SupportedScopes]);
            options.RegisterClaims(Claims.Subject, Claims.Name, Claims.Email, Claims.EmailVerified);

            // Keys live in memory only. The RSA signing key (RS256, what every relying party accepts) is
            // created once per test process: generating RSA keys takes seconds on a busy CI machine, and
            // AddEphemeralSigningKey/AddEphemeralEncryptionKey would pay for two per provider. The
            // encryption key (authorization codes are encrypted to OpenIddict itself) is a fresh random
            // symmetric key per provider. Access tokens are signed JWTs, not encrypted.
            options.AddSigningKey(SigningKey.Value)
                   .AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)))
                   .DisableAccessTokenEncryption();

            // No database: the client, its secret and its redirect URIs are validated by the handlers below.
            options.EnableDegradedMode();

            options.UseAspNetCore()
                   .DisableTransportSecurityRequirement()
                   .EnableAuthorizationEndpointPassthrough();

            // The issuer is the bound address, known once Kestrel has started; OpenIddict's options are
            // built on the first request, after StartAsync has set it.
            options.Configure(server => server.Issuer = _authority);

            options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    ValidateClientAndRedirectUri(context);
                    return default;
                })
                .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom));

            options.AddEventHandler<ValidateTokenRequestContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    AuthenticateClient(context);
                    return default;
                })
                .SetOrder(OpenIddictServerHandlers.Exchange.ValidateClientIdParameter.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom));

            // Degraded mode has no token storage, hence no replay detection: redeem each code once.
            options.AddEventHandler<ValidateTokenRequestContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    RejectRedeemedCode(context);
                    return default;
                })
                .SetOrder(int.MaxValue - 100_000)
                .SetType(OpenIddictServerHandlerType.Custom));

            // OpenIddict's userinfo response has no "name" and no "email_verified"; add them.
            options.AddEventHandler<HandleUserInfoRequestContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    AddUserInfoClaims(context);
                    return default;
                })
                .SetOrder(OpenIddictServerHandlers.UserInfo.AttachClaims.Descriptor.Order + 1_000)
                .SetType(OpenIddictServerHandlerType.Custom));
        });

        var app = builder.Build();
        app.Use(CountRequestsAsync);
        app.UseRouting();
        app.UseAuthentication();
        app.MapMethods(AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync);
        return app;
    }

    private async Task CountRequestsAsync(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path;
        if (path.Equals(AuthorizationPath, StringComparison.OrdinalIgnoreCase))
        {
            var parameters = context.Request.HasFormContentType
                ? (await context.Request.ReadFormAsync(context.RequestAborted)).ToList()
                : context.Request.Query.ToList();
            if (!parameters.Exists(parameter => ConsentPage.IsDecisionField(parameter.Key)))
            {
                Interlocked.Increment(ref _authorizationRequestCount);
                Volatile.Write(ref _lastAuthorizationRequest, parameters.ToDictionary(parameter => parameter.Key, parameter => parameter.Value.ToString(), StringComparer.Ordinal));
            }
        }
        else if (path.Equals(TokenPath, StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _tokenRequestCount);
        }
        else if (path.Equals(UserInfoPath, StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _userInfoRequestCount);
        }

        await next();
    }

    private void ValidateClientAndRedirectUri(ValidateAuthorizationRequestContext context)
    {
        if (!string.Equals(context.ClientId, ClientId, StringComparison.Ordinal))
        {
            // invalid_request, as OpenIddict itself answers outside degraded mode (invalid_client would be a 401).
            context.Reject(Errors.InvalidRequest, "The specified 'client_id' is not registered with the test provider.");
            return;
        }

        // OpenIddict has already rejected a missing, relative or fragment-bearing redirect_uri.
        if (string.IsNullOrEmpty(context.RedirectUri) || !IsRedirectUriAllowed(context.RedirectUri))
        {
            context.Reject(Errors.InvalidRequest, "The specified 'redirect_uri' is not valid for this client application.");
        }
    }

    private bool IsRedirectUriAllowed(string redirectUri) =>
        _allowedRedirectUris.ContainsKey(redirectUri)
        || (Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && _redirectUriPolicy(uri));

    private static void AuthenticateClient(ValidateTokenRequestContext context)
    {
        // OpenIddict's ASP.NET Core host has already copied client_secret_basic credentials (the
        // Authorization header) into the request, and rejected a request that uses both methods.
        if (!string.Equals(context.Request.ClientId, ClientId, StringComparison.Ordinal))
        {
            context.Reject(Errors.InvalidClient, "The specified 'client_id' is not registered with the test provider.");
            return;
        }

        var secret = context.Request.ClientSecret;
        if (string.IsNullOrEmpty(secret))
        {
            context.Reject(Errors.InvalidClient, "The client must authenticate with client_secret_post or client_secret_basic.");
            return;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ClientSecret)))
        {
            context.Reject(Errors.InvalidClient, "The specified client credentials are invalid.");
        }
    }

    private void RejectRedeemedCode(ValidateTokenRequestContext context)
    {
        if (context.Request.IsAuthorizationCodeGrantType()
            && !string.IsNullOrEmpty(context.Request.Code)
            && !_redeemedCodes.TryAdd(context.Request.Code, 0))
        {
            context.Reject(Errors.InvalidGrant, "The specified authorization code has already been redeemed.");
        }
    }

    private static void AddUserInfoClaims(HandleUserInfoRequestContext context)
    {
        var principal = context.AccessTokenPrincipal;
        if (principal is null)
        {
            return;
        }

        if (principal.HasScope(Scopes.Profile) && principal.GetClaim(Claims.Name) is { } name)
        {
            context.Claims[Claims.Name] = name;
        }

        if (principal.HasScope(Scopes.Email) && bool.TryParse(principal.GetClaim(Claims.EmailVerified), out var verified))
        {
            context.EmailVerified = verified;
        }
    }

    private async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        IReadOnlyList<KeyValuePair<string, StringValues>> parameters = context.Request.HasFormContentType
            ? [.. await context.Request.ReadFormAsync(context.RequestAborted)]
            : [.. context.Request.Query];

        var decidedUser = parameters.FirstOrDefault(parameter => parameter.Key == ConsentPage.UserField).Value.ToString();
        var cancelled = parameters.Any(parameter => parameter.Key == ConsentPage.CancelField);

        if (cancelled)
        {
            return Forbid(Errors.AccessDenied, "The user cancelled the sign-in.");
        }

        if (string.IsNullOrEmpty(decidedUser))
        {
            // There is never an existing session at this provider, so prompt=none cannot succeed.
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user must sign in at the test provider.");
            }

            return ConsentPageResult(request, parameters, StatusCodes.Status200OK, error: null);
        }

        var user = Users.FirstOrDefault(candidate => string.Equals(candidate.Username, decidedUser, StringComparison.Ordinal));
        if (user is null)
        {
            return ConsentPageResult(request, parameters, StatusCodes.Status400BadRequest, $"There is no test user named '{decidedUser}'.");
        }

        return Results.SignIn(CreatePrincipal(user, request), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private IResult ConsentPageResult(OpenIddictRequest request, IReadOnlyList<KeyValuePair<string, StringValues>> parameters, int statusCode, string? error)
    {
        var html = ConsentPage.Render(AuthorizationPath, request.ClientId ?? string.Empty, request.GetScopes(), parameters, Users, error);
        return Results.Text(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    private static ClaimsPrincipal CreatePrincipal(TestOpenIdUser user, OpenIddictRequest request)
    {
        var scopes = request.GetScopes().Intersect(SupportedScopes, StringComparer.Ordinal).ToImmutableArray();

        var identity = new ClaimsIdentity(
            authenticationType: nameof(TestOpenIdProvider),
            nameType: Claims.Name,
            roleType: Claims.Role);

        identity.SetClaim(Claims.Subject, user.Subject);
        if (scopes.Contains(Scopes.Profile))
        {
            identity.SetClaim(Claims.Name, user.Name);
        }

        if (scopes.Contains(Scopes.Email))
        {
            identity.SetClaim(Claims.Email, user.Email);
            identity.SetClaim(Claims.EmailVerified, user.EmailVerified);
        }

        identity.SetScopes(scopes);
        // The user's claims go into the id_token and the access token (hence the userinfo response).
        identity.SetDestinations(static claim => claim.Type switch
        {
            Claims.Subject or Claims.Name or Claims.Email or Claims.EmailVerified => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [],
        });
        return new ClaimsPrincipal(identity);
    }
}
