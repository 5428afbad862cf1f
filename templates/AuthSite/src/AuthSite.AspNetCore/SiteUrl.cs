namespace AuthSite.AspNetCore;

/// <summary>The scheme and host of <see cref="SessionAuthOptions.Url"/>, which every request is made to carry.</summary>
internal sealed record SiteUrl(string Scheme, HostString Host)
{
    /// <summary>
    /// Reads an origin such as <c>https://example.com</c> or <c>http://localhost:5000</c>; NextAuth's form with the
    /// <c>/api/auth</c> path is accepted too. Returns <see langword="null"/> and says why for anything else.
    /// </summary>
    public static SiteUrl? Parse(string url, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            problem = "is not an absolute http or https URL";
        }
        else if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = "may not have user information, a query or a fragment";
        }
        else if (uri.AbsolutePath.TrimEnd('/') is not ("" or SessionAuthDefaults.ApiBasePath))
        {
            problem = "must be the site's origin (https://example.com); a site under a path sets PathBase instead";
        }

        return problem is null ? new SiteUrl(uri!.Scheme, new HostString(uri.Authority)) : null;
    }
}
