using System.Buffers;
using System.Text;

namespace AuthSite.AspNetCore;

/// <summary>The default redirect rule: follow a callback URL only when it stays on this site.</summary>
public static class CallbackUrl
{
    /// <summary>The longest callback URL that is followed: 2,048 characters, past which proxies and browsers start to refuse URLs.</summary>
    public const int MaxLength = 2048;

    // Backslashes and control characters are normalised away by browsers, which makes them a way to smuggle a host.
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        "\\\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f");

    /// <summary>
    /// Returns <paramref name="url"/> as an absolute URL when it stays on this site, otherwise <paramref name="baseUrl"/>.
    /// On the site means a path under the site's path base, read from the origin as NextAuth reads it (<c>/app/dashboard</c>
    /// for a site at <c>https://example.com/app</c>), or an absolute URL with the same origin and such a path. Dot segments
    /// are resolved first, so <c>/app/../other</c> cannot climb out of the base. The result is plain ASCII (other characters
    /// are percent-encoded as UTF-8), so it is always a valid <c>Location</c>. Protocol-relative (<c>//host</c>), backslash
    /// (<c>/\host</c>), scheme (<c>javascript:</c>) and control-character tricks, and URLs longer than
    /// <see cref="MaxLength"/>, all fall back to <paramref name="baseUrl"/>.
    /// </summary>
    /// <param name="url">The requested URL: a path or an absolute URL, not yet trusted; <see langword="null"/> falls back.</param>
    /// <param name="baseUrl">The site's origin and path base, as <see cref="BaseUrl"/> gives it.</param>
    public static string SameOriginOrBase(string? url, string baseUrl)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url.AsSpan().IndexOfAny(Unsafe) >= 0
            || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var site))
        {
            return baseUrl;
        }

        Uri target;
        if (url[0] == '/')
        {
            // "//evil" is read by browsers as another host ("/\evil" too, but backslashes were refused above).
            if ((url.Length > 1 && url[1] == '/') || !Uri.TryCreate(site, Encode(url), out target!))
            {
                return baseUrl;
            }
        }
        else if (!Uri.TryCreate(Encode(url), UriKind.Absolute, out target!)
            || target.Scheme is not ("http" or "https")
            || target.UserInfo.Length > 0
            || Uri.Compare(target, site, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return baseUrl;
        }

        var path = target.AbsolutePath;
        var basePath = site.AbsolutePath.TrimEnd('/');
        var underBase = path.StartsWith(basePath, StringComparison.OrdinalIgnoreCase) && (path.Length == basePath.Length || path[basePath.Length] == '/');
        return underBase && !HasEscapedDotSegment(path)
            ? site.GetLeftPart(UriPartial.Authority) + Encode(target.PathAndQuery + target.Fragment)
            : baseUrl;
    }

    /// <summary>The site's origin plus path base, e.g. <c>https://example.com/app</c>.</summary>
    internal static string BaseUrl(HttpRequest request) =>
        string.Concat(request.Scheme, "://", request.Host.ToUriComponent(), request.PathBase.ToUriComponent());

    /// <summary>
    /// <paramref name="url"/> with every character outside printable ASCII (and the space) percent-encoded as UTF-8, so
    /// that it can go into a <c>Location</c> header whatever a callback returned. Existing escapes are kept.
    /// </summary>
    internal static string Encode(string url)
    {
        if (!url.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            return url;
        }

        var encoded = new StringBuilder(url.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7F)
            {
                encoded.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    // Browsers read "%2e%2e" as "..": a segment that decodes to a dot segment must not survive into a redirect.
    private static bool HasEscapedDotSegment(string path) =>
        path.Contains('%') && path.Split('/').Any(segment => Uri.UnescapeDataString(segment) is "." or "..");
}
