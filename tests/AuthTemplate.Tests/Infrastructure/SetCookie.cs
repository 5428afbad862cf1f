using System.Net.Http.Headers;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>One <c>Set-Cookie</c> header of a response: the cookie's name and its attributes.</summary>
/// <param name="Name">The cookie name, prefix included (<c>__Secure-authsite.session-token</c>).</param>
/// <param name="Value">The value, as sent.</param>
/// <param name="Attributes">The attributes by lower-case name (<c>path</c>, <c>secure</c>, <c>expires</c> ...); flags map to "".</param>
internal sealed record SetCookie(string Name, string Value, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The <c>Path</c> attribute, or <see langword="null"/>.</summary>
    public string? Path => Attributes.GetValueOrDefault("path");

    public bool Secure => Attributes.ContainsKey("secure");

    public bool HttpOnly => Attributes.ContainsKey("httponly");

    /// <summary>Every <c>Set-Cookie</c> header of <paramref name="headers"/>, in order.</summary>
    public static IReadOnlyList<SetCookie> All(HttpResponseHeaders headers) =>
        headers.TryGetValues("Set-Cookie", out var values) ? values.Select(Parse).ToList() : [];

    /// <summary>Reads one header value: <c>name=value; Attribute; Attribute=value</c>.</summary>
    public static SetCookie Parse(string header)
    {
        var parts = header.Split(';').Select(p => p.Trim()).ToList();
        var nameValue = parts[0].Split('=', 2);
        var attributes = parts.Skip(1)
            .Where(p => p.Length > 0)
            .Select(p => p.Split('=', 2))
            .GroupBy(p => p[0].ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.Last().Length > 1 ? g.Last()[1] : "");
        return new SetCookie(nameValue[0], nameValue.Length > 1 ? nameValue[1] : "", attributes);
    }

    public override string ToString() => $"{Name}=... ({string.Join("; ", Attributes.Select(a => a.Value.Length > 0 ? $"{a.Key}={a.Value}" : a.Key))})";
}
