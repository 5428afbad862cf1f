namespace AuthSite.Auth;

/// <summary>The default redirect rule: follow a callback URL only when it stays on this site.</summary>
public static class CallbackUrl
{
    /// <summary>
    /// Returns <paramref name="url"/> as an absolute URL when it is a path on this site or an absolute URL with the
    /// same origin as <paramref name="baseUrl"/>; otherwise <paramref name="baseUrl"/>. Protocol-relative
    /// (<c>//host</c>), backslash (<c>/\host</c>), scheme (<c>javascript:</c>) and control-character tricks all fall back.
    /// </summary>
    public static string SameOriginOrBase(string? url, string baseUrl)
    {
        if (string.IsNullOrEmpty(url) || url.AsSpan().IndexOfAny(Unsafe) >= 0)
        {
            return baseUrl;
        }

        if (url[0] == '/')
        {
            // "//evil" is read by browsers as another host ("/\evil" too, but backslashes were refused above).
            return url.Length > 1 && url[1] == '/' ? baseUrl : baseUrl + url;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var target)
            && Uri.TryCreate(baseUrl, UriKind.Absolute, out var site)
            && target.Scheme is "http" or "https"
            && string.IsNullOrEmpty(target.UserInfo)
            && Uri.Compare(target, site, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? target.AbsoluteUri
            : baseUrl;
    }

    /// <summary>The site's origin plus path base, e.g. <c>https://example.com/app</c>.</summary>
    public static string BaseUrl(HttpRequest request) =>
        string.Concat(request.Scheme, "://", request.Host.ToUriComponent(), request.PathBase.ToUriComponent());

    // Backslashes and control characters are normalised away by browsers, which makes them a way to smuggle a host.
    private static readonly System.Buffers.SearchValues<char> Unsafe = System.Buffers.SearchValues.Create(
        "\\\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f");
}
