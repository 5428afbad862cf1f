using System.Buffers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AuthSite.AspNetCore.Middleware;

/// <summary>
/// A Next.js <c>config.matcher</c> compiled once at start-up: tells whether a request is covered by
/// any of its entries (an array is OR).
/// </summary>
/// <remarks>
/// <para>
/// Path patterns follow path-to-regexp 6 as Next.js uses it (<c>strict: false</c>, <c>end: true</c>):
/// <c>/dashboard</c> matches <c>/dashboard</c> and <c>/dashboard/</c> but not <c>/dashboard/x</c>;
/// <c>/dashboard/:path*</c> matches <c>/dashboard</c> and anything below it; <c>:path+</c> needs at
/// least one segment, <c>:path?</c> at most one, <c>:slug</c> exactly one; <c>(...)</c> groups hold a
/// regular expression (<c>/((?!api).*)</c> is a prefix test, so it also excludes <c>/apiary</c>).
/// The query string is never part of the match.
/// </para>
/// <para>
/// One deliberate difference, for security: the matcher must cover every request that ASP.NET Core
/// routing would send to a matched page, and routing is case-insensitive and tolerant. So paths are
/// matched case-insensitively after <see cref="RequestPathNormalizer"/> (percent-decoding,
/// <c>\</c> as <c>/</c>, repeated slashes, dot segments), and a trailing slash never makes a
/// difference: <c>/about/(.*)</c> matches <c>/about</c> as well as <c>/about/</c>.
/// Patterns match <c>HttpRequest.Path</c>, which excludes the application's path base.
/// </para>
/// <para>
/// Evaluation does not allocate, and its cost does not grow with the number of entries as long as
/// they start with fixed segments (<c>/admin/...</c>, <c>/:locale/docs/...</c>): entries are filed in
/// a trie under those segments, and the entries filed under one node form one compiled regex, so a
/// path is tested only against the few entries on its way. Entries that start with a regex group
/// (<c>/((?!api).*)</c>) sit at the root and are tested for every path. Entries with
/// <c>has</c>/<c>missing</c> conditions keep a regex each. A matcher without entries matches nothing.
/// </para>
/// </remarks>
internal sealed class RequestMatcher
{
    // Singleline: a decoded path may hold '\n', and "(.*)" must still cover it, as it does in
    // Next.js where the pathname is still percent-encoded.
    internal const RegexOptions PathOptions =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.ExplicitCapture;

    // Paths up to this length are normalised in stack memory.
    private const int StackLimit = 256;

    private readonly SegmentTrie _entries;

    private RequestMatcher(SegmentTrie entries)
    {
        _entries = entries;
    }

    /// <summary>Compiles matcher entries, validating every pattern and condition.</summary>
    /// <param name="entries">The entries; strings convert to entries implicitly.</param>
    /// <returns>The compiled matcher.</returns>
    /// <exception cref="ArgumentException">
    /// An entry is invalid: a source that is empty, does not start with <c>/</c>, has unbalanced
    /// parentheses, a nested capturing group, a group that is not a valid regex, or a misplaced
    /// modifier; or a condition without a key or with an invalid regex. The message names the source
    /// and the reason.
    /// </exception>
    public static RequestMatcher Compile(IEnumerable<MatcherEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);

        var compiled = new List<(string?[], CompiledEntry)>();
        foreach (MatcherEntry? entry in entries)
        {
            if (entry is null)
            {
                throw new ArgumentException("A matcher entry is null.", nameof(entries));
            }

            MatcherSourceParser.ParsedSource parsed = MatcherSourceParser.Parse(entry.Source);
            compiled.Add((parsed.FixedSegments, new CompiledEntry(
                parsed.Regex,
                CompileConditions(entry, entry.Has, nameof(MatcherEntry.Has)),
                CompileConditions(entry, entry.Missing, nameof(MatcherEntry.Missing)))));
        }

        return new RequestMatcher(SegmentTrie.Create(compiled, Bucket.Create));
    }

    /// <summary>Tells whether the request's path, headers, cookies, query and host match any entry.</summary>
    /// <param name="context">The request.</param>
    /// <returns><see langword="true"/> when an entry's path matches and its conditions hold.</returns>
    public bool IsMatch(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsMatch(context.Request.Path.Value, context.Request);
    }

    /// <summary>
    /// Tells whether a path matches any entry without <c>has</c>/<c>missing</c> conditions. Entries
    /// with conditions are skipped, because a condition cannot be decided without a request; use
    /// <see cref="IsMatch(HttpContext)"/> for them.
    /// </summary>
    /// <param name="path">The request path, without query string; <see langword="null"/> or empty means the root.</param>
    /// <returns><see langword="true"/> when an entry without conditions matches.</returns>
    public bool IsMatch(string? path) => IsMatch(path, request: null);

    /// <summary>
    /// Tells whether a path that is already in one of the normal forms (<see cref="RequestPathNormalizer.Normalize(string)"/>,
    /// <see cref="RequestPathNormalizer.NormalizeSegments"/>) matches an entry whose conditions hold for
    /// <paramref name="request"/>. The path is used as given, so a routed spelling keeps its <c>%2F</c>.
    /// </summary>
    internal bool IsNormalMatch(string normalPath, HttpRequest request)
    {
        // The normal forms have no trailing slash; testing "path/" against path-to-regexp's optional trailing slash
        // matches when either "path" or "path/" would.
        if (normalPath.Length <= 1 || normalPath.Length + 1 > StackLimit)
        {
            return _entries.IsMatch(normalPath.Length <= 1 ? normalPath : normalPath + "/", request);
        }

        Span<char> buffer = stackalloc char[normalPath.Length + 1];
        normalPath.CopyTo(buffer);
        buffer[^1] = '/';
        return _entries.IsMatch(buffer, request);
    }

    private bool IsMatch(ReadOnlySpan<char> path, HttpRequest? request)
    {
        // Room for the normal form (at most path.Length + 1) and the trailing slash below.
        int capacity = path.Length + 2;
        char[]? rented = null;
        Span<char> buffer = capacity <= StackLimit
            ? stackalloc char[capacity]
            : (rented = ArrayPool<char>.Shared.Rent(capacity));
        try
        {
            int length = RequestPathNormalizer.Normalize(path, buffer);

            // The normal form has no trailing slash; testing "path/" against path-to-regexp's
            // optional trailing slash matches when either "path" or "path/" would.
            if (length > 1)
            {
                buffer[length++] = '/';
            }

            return _entries.IsMatch(buffer[..length], request);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    // "^(?>a/?\z|b/?\z)": each alternative ends the match itself, so the group can be atomic and
    // the engine never retries a failed alternative; sorting lets it merge common prefixes.
    // Parsed regexes are never top-level alternations, so they need no extra group.
    private static Regex CreatePathRegex(IReadOnlyList<string> paths) =>
        new($@"^(?>{string.Join('|', paths.Order(StringComparer.Ordinal).Select(path => path + @"/?\z"))})", PathOptions | RegexOptions.Compiled);

    private static CompiledCondition[] CompileConditions(MatcherEntry entry, IList<MatcherCondition>? conditions, string list)
    {
        if (conditions is null || conditions.Count == 0)
        {
            return [];
        }

        var compiled = new CompiledCondition[conditions.Count];
        for (int i = 0; i < compiled.Length; i++)
        {
            MatcherCondition? condition = conditions[i];
            string where = $"Invalid matcher source \"{entry.Source}\": {list}[{i}]";
            if (condition is null)
            {
                throw new ArgumentException($"{where} is null.");
            }

            if (!Enum.IsDefined(condition.Type))
            {
                throw new ArgumentException($"{where} has the unknown type '{condition.Type}'; use header, cookie, query or host.");
            }

            if (condition.Type == MatcherConditionType.Host)
            {
                if (condition.Key is not null || condition.Value is null)
                {
                    throw new ArgumentException($"{where}: a host condition takes a Value (a regex for the host name) and no Key.");
                }
            }
            else if (string.IsNullOrEmpty(condition.Key))
            {
                throw new ArgumentException($"{where}: a {condition.Type.ToString().ToLowerInvariant()} condition needs a Key.");
            }

            Regex? value = null;
            if (condition.Value is not null)
            {
                // Grouped so that "a|b" means "^(?:a|b)$", not "^a" or "b$" as in Next.js.
                RegexOptions options = RegexOptions.CultureInvariant | RegexOptions.Compiled
                    | (condition.Type == MatcherConditionType.Host ? RegexOptions.IgnoreCase : RegexOptions.None);
                try
                {
                    value = new Regex($@"^(?:{condition.Value})\z", options);
                }
                catch (ArgumentException exception)
                {
                    throw new ArgumentException($"{where} has a Value that is not a valid regular expression: {exception.Message}", exception);
                }
            }

            compiled[i] = new CompiledCondition(condition.Type, condition.Key ?? "", value);
        }

        return compiled;
    }

    private sealed record CompiledEntry(string PathRegex, CompiledCondition[] Has, CompiledCondition[] Missing)
    {
        public bool HasConditions => Has.Length > 0 || Missing.Length > 0;
    }

    // The entries filed under one trie node: those without conditions share one regex, those with
    // conditions keep their own, tested only when a request is at hand.
    private sealed class Bucket(Regex? withoutConditions, ConditionalEntry[] withConditions) : SegmentTrie.IBucket
    {
        public static Bucket Create(IReadOnlyList<CompiledEntry> entries)
        {
            string[] paths = [.. entries.Where(entry => !entry.HasConditions).Select(entry => entry.PathRegex)];
            return new Bucket(
                paths.Length == 0 ? null : CreatePathRegex(paths),
                [.. entries.Where(entry => entry.HasConditions).Select(entry => new ConditionalEntry(CreatePathRegex([entry.PathRegex]), entry.Has, entry.Missing))]);
        }

        public bool IsMatch(ReadOnlySpan<char> normalPath, HttpRequest? request)
        {
            if (withoutConditions?.IsMatch(normalPath) == true)
            {
                return true;
            }

            if (request is not null)
            {
                foreach (ConditionalEntry entry in withConditions)
                {
                    if (entry.IsMatch(normalPath, request))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    private sealed class ConditionalEntry(Regex path, CompiledCondition[] has, CompiledCondition[] missing)
    {
        public bool IsMatch(ReadOnlySpan<char> normalPath, HttpRequest request)
        {
            if (!path.IsMatch(normalPath))
            {
                return false;
            }

            foreach (CompiledCondition condition in has)
            {
                if (!condition.Holds(request))
                {
                    return false;
                }
            }

            foreach (CompiledCondition condition in missing)
            {
                if (condition.Holds(request))
                {
                    return false;
                }
            }

            return true;
        }
    }

    private sealed class CompiledCondition(MatcherConditionType type, string key, Regex? value)
    {
        public bool Holds(HttpRequest request) => type switch
        {
            MatcherConditionType.Header => request.Headers.TryGetValue(key, out StringValues header) && AnyMatches(header),
            MatcherConditionType.Cookie => request.Cookies.TryGetValue(key, out string? cookie) && Matches(cookie),
            MatcherConditionType.Query => request.Query.TryGetValue(key, out StringValues query) && AnyMatches(query),
            MatcherConditionType.Host => request.Host.HasValue && Matches(request.Host.Host),
            _ => false,
        };

        // Present when there is at least one value, even an empty one; with a Value regex, any value may match it.
        private bool AnyMatches(StringValues values)
        {
            if (value is null)
            {
                return values.Count > 0;
            }

            foreach (string? item in values)
            {
                if (item is not null && value.IsMatch(item))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Matches(string? item) => item is not null && (value is null || value.IsMatch(item));
    }
}
