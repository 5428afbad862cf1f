namespace AuthSite.AspNetCore.Middleware;

/// <summary>
/// Route protection before routing (NextAuth's <c>withAuth</c> + Next.js <c>config.matcher</c>).
/// Bound from <c>Auth:Middleware</c>; pages, secret and cookies come from the same <see cref="SessionAuthOptions"/>.
/// </summary>
public sealed class SessionAuthMiddlewareOptions
{
    /// <summary>
    /// The paths the middleware guards, in Next.js syntax (<c>/admin/:path*</c>, <c>/((?!api).*)</c>, objects with
    /// <c>has</c>/<c>missing</c>). Empty means every path. The auth API, the auth pages and static files are never guarded.
    /// </summary>
    public List<MatcherEntry> Matcher { get; set; } = [];

    /// <summary>
    /// Decides a guarded request: allow, deny, or answer with a result of its own. Defaults to "allow when signed in".
    /// </summary>
    public Func<AuthorizedContext, ValueTask<AuthorizeResult>> Authorized { get; set; } =
        context => ValueTask.FromResult<AuthorizeResult>(context.Token is not null);

    /// <summary>
    /// Runs for allowed requests before the rest of the pipeline (the function wrapped by <c>withAuth</c>);
    /// return a result to answer the request yourself, or <see langword="null"/> to continue.
    /// </summary>
    public Func<AuthorizedContext, ValueTask<IResult?>>? Handler { get; set; }

    /// <summary>
    /// Send signed-in users who are denied to the sign-in page, as NextAuth does, instead of answering 403.
    /// Off by default: a redirect to sign-in for someone already signed in is a loop.
    /// </summary>
    public bool RedirectDeniedToSignIn { get; set; }
}
