namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthCallbacks.Redirect"/>.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="Url">The requested URL (absolute or a path), not yet trusted.</param>
/// <param name="BaseUrl">The site's origin and path base, e.g. <c>https://example.com</c>.</param>
public sealed record RedirectCallbackContext(HttpContext HttpContext, string Url, string BaseUrl);
