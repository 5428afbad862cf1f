namespace AuthSite.AspNetCore.Middleware;

/// <summary>
/// The part of the request a <see cref="MatcherCondition"/> reads, as the <c>type</c> of a Next.js
/// <c>has</c>/<c>missing</c> item. Configuration binds the names case-insensitively (<c>"header"</c>).
/// </summary>
public enum MatcherConditionType
{
    /// <summary>A request header; <see cref="MatcherCondition.Key"/> is the header name (case-insensitive).</summary>
    Header,

    /// <summary>A request cookie; <see cref="MatcherCondition.Key"/> is the cookie name.</summary>
    Cookie,

    /// <summary>A query-string parameter; <see cref="MatcherCondition.Key"/> is the parameter name.</summary>
    Query,

    /// <summary>The host name without the port; <see cref="MatcherCondition.Value"/> is required and <see cref="MatcherCondition.Key"/> is not used.</summary>
    Host,
}
