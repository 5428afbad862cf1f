namespace AuthSite.AspNetCore.Middleware;

/// <summary>
/// One item of a Next.js matcher's <c>has</c> or <c>missing</c> list: a request header, cookie,
/// query parameter or host that must be present (or absent), optionally with a value matching a regex.
/// </summary>
/// <remarks>
/// <para>
/// Without <see cref="Value"/> the condition is a presence test: the item exists in the request,
/// even with an empty value (Next.js treats an empty value as absent). With <see cref="Value"/> the
/// condition holds when any of the item's values matches the regular expression <c>^(?:Value)$</c>.
/// Value regexes are case-sensitive as in Next.js, except for <see cref="MatcherConditionType.Host"/>,
/// which compares host names case-insensitively. Keys follow ASP.NET Core's request collections,
/// which are all case-insensitive.
/// </para>
/// <para>
/// Conditions read data the client controls. A <c>missing</c> condition lets any client opt out of
/// the matcher by sending that item, and a <c>has</c> condition lets any client opt in; so never use
/// them to decide whether a protected page is protected.
/// </para>
/// </remarks>
public sealed class MatcherCondition
{
    /// <summary>Creates an empty condition, for configuration binding.</summary>
    public MatcherCondition()
    {
    }

    /// <summary>Creates a condition.</summary>
    /// <param name="type">The part of the request to read.</param>
    /// <param name="key">The header, cookie or query parameter name; <see langword="null"/> for <see cref="MatcherConditionType.Host"/>.</param>
    /// <param name="value">An optional regular expression the whole value must match.</param>
    public MatcherCondition(MatcherConditionType type, string? key, string? value = null)
    {
        Type = type;
        Key = key;
        Value = value;
    }

    /// <summary>The part of the request to read.</summary>
    public MatcherConditionType Type { get; set; }

    /// <summary>The header, cookie or query parameter name. Not used for <see cref="MatcherConditionType.Host"/>.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// An optional .NET regular expression, anchored at both ends, that the value must match;
    /// <see langword="null"/> for a presence test. Required for <see cref="MatcherConditionType.Host"/>.
    /// </summary>
    public string? Value { get; set; }

    /// <summary>A condition on a request header.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <param name="value">An optional regular expression the whole header value must match.</param>
    /// <returns>The condition.</returns>
    public static MatcherCondition Header(string name, string? value = null) => new(MatcherConditionType.Header, name, value);

    /// <summary>A condition on a request cookie.</summary>
    /// <param name="name">The cookie name.</param>
    /// <param name="value">An optional regular expression the whole cookie value must match.</param>
    /// <returns>The condition.</returns>
    public static MatcherCondition Cookie(string name, string? value = null) => new(MatcherConditionType.Cookie, name, value);

    /// <summary>A condition on a query-string parameter.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">An optional regular expression the whole parameter value must match.</param>
    /// <returns>The condition.</returns>
    public static MatcherCondition Query(string name, string? value = null) => new(MatcherConditionType.Query, name, value);

    /// <summary>A condition on the host name (without the port).</summary>
    /// <param name="value">A regular expression the whole host name must match, case-insensitively.</param>
    /// <returns>The condition.</returns>
    public static MatcherCondition Host(string value) => new(MatcherConditionType.Host, null, value);

    /// <inheritdoc />
    public override string ToString() =>
        Value is null ? $"{Type}:{Key}" : $"{Type}:{Key}={Value}";
}
