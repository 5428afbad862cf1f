using System.ComponentModel;
using System.Globalization;

namespace AuthSite.AspNetCore.Middleware;

/// <summary>
/// One item of a Next.js <c>config.matcher</c>: a path pattern in path-to-regexp syntax
/// (<c>/admin/:path*</c>, <c>/((?!api).*)</c>) with optional <c>has</c>/<c>missing</c> conditions.
/// </summary>
/// <remarks>
/// Configuration binds both forms of a matcher array item: a plain string
/// (<c>"/admin/:path*"</c>) and an object (<c>{ "Source": "/admin/:path*", "Missing": [...] }</c>).
/// In code, a string converts implicitly: <c>MatcherEntry entry = "/admin/:path*";</c>.
/// The options are validated at start-up: a site with an invalid entry does not start, and the message names the entry.
/// </remarks>
[TypeConverter(typeof(SourceConverter))]
public sealed class MatcherEntry
{
    /// <summary>Creates an empty entry, for configuration binding.</summary>
    public MatcherEntry()
    {
    }

    /// <summary>Creates an entry for a path pattern.</summary>
    /// <param name="source">The path pattern; must start with <c>/</c>.</param>
    public MatcherEntry(string source)
    {
        Source = source;
    }

    /// <summary>The path pattern in path-to-regexp 6 syntax, starting with <c>/</c>.</summary>
    public string Source { get; set; } = "";

    /// <summary>Conditions that must all hold for the entry to match.</summary>
    public IList<MatcherCondition> Has { get; set; } = [];

    /// <summary>Conditions none of which may hold for the entry to match.</summary>
    public IList<MatcherCondition> Missing { get; set; } = [];

    /// <summary>Creates an entry without conditions for a path pattern.</summary>
    /// <param name="source">The path pattern.</param>
    public static implicit operator MatcherEntry(string source) => new(source);

    /// <inheritdoc />
    public override string ToString() => Source;

    // Lets configuration bind a string array item ("/admin/:path*") as an entry.
    private sealed class SourceConverter : TypeConverter
    {
        public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
            sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
            value is string source ? new MatcherEntry(source) : base.ConvertFrom(context, culture, value);
    }
}
