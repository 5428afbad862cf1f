namespace AuthSite.AspNetCore.Middleware;

/// <summary>What <see cref="SessionAuthMiddlewareOptions.Authorized"/> decides. A <see cref="bool"/> converts to allow or deny.</summary>
public readonly record struct AuthorizeResult
{
    private AuthorizeResult(bool allowed, IResult? response)
    {
        IsAllowed = allowed;
        Response = response;
    }

    /// <summary>Let the request through.</summary>
    public static AuthorizeResult Allow { get; } = new(true, null);

    /// <summary>Refuse: anonymous users are sent to sign in, signed-in users get 403.</summary>
    public static AuthorizeResult Deny { get; } = new(false, null);

    /// <summary>Whether the request may go on.</summary>
    public bool IsAllowed { get; }

    /// <summary>The callback's own answer, when it gave one.</summary>
    public IResult? Response { get; }

    /// <summary>Answer the request with <paramref name="response"/> (a redirect, a 401 of your own ...).</summary>
    public static AuthorizeResult Respond(IResult response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new(false, response);
    }

    /// <summary><see langword="true"/> allows, <see langword="false"/> denies.</summary>
    public static implicit operator AuthorizeResult(bool allowed) => allowed ? Allow : Deny;
}
