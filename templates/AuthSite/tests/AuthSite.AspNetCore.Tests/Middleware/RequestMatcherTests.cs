using AuthSite.AspNetCore.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace AuthSite.AspNetCore.Tests.Middleware;

/// <summary>
/// Next.js <c>config.matcher</c> semantics (reference §5), the normalisation that makes every
/// spelling of a protected path match, <c>has</c>/<c>missing</c>, and start-up validation.
/// </summary>
public sealed class RequestMatcherTests
{
    [Theory]
    [InlineData("/dashboard", true)]
    [InlineData("/dashboard/", true)]
    [InlineData("/Dashboard", true)]
    [InlineData("/dashboard/x", false)]
    [InlineData("/dashboardx", false)]
    [InlineData("/dash", false)]
    [InlineData("/x/dashboard", false)]
    [InlineData("/", false)]
    public void Plain_path_matches_itself_with_or_without_trailing_slash(string path, bool expected) =>
        Assert.Equal(expected, Matcher("/dashboard").IsMatch(path));

    [Theory]
    [InlineData("/dashboard", true)]
    [InlineData("/dashboard/", true)]
    [InlineData("/dashboard/a", true)]
    [InlineData("/dashboard/a/b", true)]
    [InlineData("/dashboard/a/b/", true)]
    [InlineData("/dashboardx", false)]
    [InlineData("/dashboard-a", false)]
    [InlineData("/x/dashboard", false)]
    [InlineData("/", false)]
    public void Path_star_matches_the_path_and_everything_below(string path, bool expected) =>
        Assert.Equal(expected, Matcher("/dashboard/:path*").IsMatch(path));

    [Theory]
    [InlineData("/dashboard/a", true)]
    [InlineData("/dashboard/a/b", true)]
    [InlineData("/dashboard", false)]
    [InlineData("/dashboard/", false)]
    [InlineData("/dashboardx/a", false)]
    public void Path_plus_needs_at_least_one_segment(string path, bool expected) =>
        Assert.Equal(expected, Matcher("/dashboard/:path+").IsMatch(path));

    [Theory]
    [InlineData("/dashboard", true)]
    [InlineData("/dashboard/a", true)]
    [InlineData("/dashboard/a/", true)]
    [InlineData("/dashboard/a/b", false)]
    public void Path_question_mark_allows_zero_or_one_segment(string path, bool expected) =>
        Assert.Equal(expected, Matcher("/dashboard/:path?").IsMatch(path));

    [Theory]
    [InlineData("/about/a", true)]
    [InlineData("/about/a/", true)]
    [InlineData("/about/hello-world", true)]
    [InlineData("/about", false)]
    [InlineData("/about/", false)]
    [InlineData("/about/a/c", false)]
    public void Named_parameter_is_exactly_one_segment(string path, bool expected) =>
        Assert.Equal(expected, Matcher("/about/:slug").IsMatch(path));

    [Theory]
    [InlineData("/about/", true)]
    [InlineData("/about/a", true)]
    [InlineData("/about/a/b", true)]
    [InlineData("/about", true)] // Next.js: only "/about/"; here a trailing slash never makes a difference.
    [InlineData("/about/line%0Abreak", true)] // "." must match a decoded newline too.
    [InlineData("/aboutx", false)]
    [InlineData("/abou", false)]
    public void Wildcard_group_matches_anything_below(string path, bool expected) =>
        Assert.Equal(expected, Matcher("/about/(.*)").IsMatch(path));

    [Theory]
    [InlineData("/", true)]
    [InlineData("/dashboard", true)]
    [InlineData("/x/api", true)]
    [InlineData("/_next/data/x", true)]
    [InlineData("/favicon.png", true)]
    [InlineData("/api", false)]
    [InlineData("/api/users", false)]
    [InlineData("/apiary", false)] // The look-ahead is a prefix test.
    [InlineData("/API/users", false)]
    [InlineData("/_next/static/chunk.js", false)]
    [InlineData("/_next/image", false)]
    [InlineData("/favicon.ico", false)]
    [InlineData("//api", false)]
    [InlineData("/%61pi", false)]
    public void Negative_look_ahead_excludes_path_prefixes(string path, bool expected) =>
        Assert.Equal(expected, Matcher("/((?!api|_next/static|_next/image|favicon.ico).*)").IsMatch(path));

    [Theory]
    [InlineData(@"/files/(\d+)", "/files/12", true)]
    [InlineData(@"/files/(\d+)", "/files/ab", false)]
    [InlineData(@"/files/(\d+)", "/files", false)]
    [InlineData(@"/files/(\d+)?", "/files", true)]
    [InlineData(@"/files/(\d+)?", "/files/7", true)]
    [InlineData(@"/files/(\d+)?", "/files/7/8", false)]
    [InlineData(@"/files/(\d+)+", "/files/1/2/3", true)]
    [InlineData(@"/files/(\d+)+", "/files/1/a", false)]
    [InlineData(@"/files/(\d+)+", "/files", false)]
    [InlineData(@"/files/(\d+)*", "/files", true)]
    [InlineData(@"/files/(\d+)*", "/files/1/2", true)]
    [InlineData("/(en|fr)/docs", "/fr/docs", true)]
    [InlineData("/(en|fr)/docs", "/de/docs", false)]
    [InlineData("/((?:en|fr)-[a-z]{2})/docs", "/en-ca/docs", true)]
    [InlineData("/((?:en|fr)-[a-z]{2})/docs", "/en-cad/docs", false)]
    public void Groups_hold_a_regex_and_take_modifiers(string source, string path, bool expected) =>
        Assert.Equal(expected, Matcher(source).IsMatch(path));

    [Theory]
    [InlineData("/shop{/:category}?/list", "/shop/list", true)]
    [InlineData("/shop{/:category}?/list", "/shop/books/list", true)]
    [InlineData("/shop{/:category}?/list", "/shop/a/b/list", false)]
    [InlineData("/report{s}?", "/reports", true)]
    [InlineData("/report{s}?", "/report", true)]
    [InlineData("/report{s}?", "/reportx", false)]
    [InlineData("/readme.:ext", "/README.md", true)]
    [InlineData("/readme.:ext", "/readme", false)]
    [InlineData("/v:version/api", "/v2/api", true)]
    [InlineData("/admin/:x?foo", "/adminfoo", true)] // The "/" before an optional parameter is optional too.
    [InlineData("/admin/:x?foo", "/admin/xfoo", true)]
    [InlineData("/admin/:x*/edit", "/admin/edit", true)]
    [InlineData("/admin/:x*/edit", "/admin/a/b/edit", true)]
    [InlineData("/admin/:x*/edit", "/admin/a/b", false)]
    [InlineData("/a/:x?/b", "/a/b", true)]
    [InlineData("/a/:x?/b", "/a/x/b", true)]
    [InlineData("/a/:x?/b", "/a/x/y/b", false)]
    [InlineData("/:a/:b/end", "/1/2/end", true)]
    [InlineData("/:a/:b/end", "/1/end", false)]
    [InlineData(@"/:id(\d+)/x", "/12/x", true)]
    [InlineData(@"/:id(\d+)/x", "/ab/x", false)]
    [InlineData("/archive/:name.:ext", "/archive/report.pdf", true)]
    [InlineData("/archive/:name.:ext", "/archive/report", false)]
    [InlineData("/:locale/admin/:path*", "/en/admin/users", true)]
    [InlineData("/:locale/admin/:path*", "/admin", false)]
    [InlineData(@"/a\:b", "/a:b", true)]
    [InlineData("/caf%C3%A9", "/café", true)]
    [InlineData("/café", "/CAF%C3%89", true)]
    [InlineData("/", "/", true)]
    [InlineData("/", "", true)]
    [InlineData("/", "/x", false)]
    public void Other_path_to_regexp_forms(string source, string path, bool expected) =>
        Assert.Equal(expected, Matcher(source).IsMatch(path));

    [Theory]
    [InlineData("/admin", true)]
    [InlineData("/admin/x/y", true)]
    [InlineData("/dashboard", true)]
    [InlineData("/en/blog", true)]
    [InlineData("/dashboard/x", false)]
    [InlineData("/settings", false)]
    [InlineData("/blog", false)]
    public void An_array_is_OR(string path, bool expected) =>
        Assert.Equal(expected, Matcher("/admin/:path*", "/dashboard", "/:locale/blog").IsMatch(path));

    [Theory]
    [InlineData("/dashboard", "?tab=1", true)]
    [InlineData("/dashboard", "?next=/other", true)]
    [InlineData("/other", "?next=/dashboard", false)]
    public void The_query_string_is_not_part_of_the_path(string path, string query, bool expected)
    {
        HttpContext context = Request(path, "?" + query.TrimStart('?'));

        Assert.Equal(expected, Matcher("/dashboard").IsMatch(context));
    }

    // Every spelling that ASP.NET Core routing (or Kestrel before it) could turn into /admin.
    [Theory]
    [InlineData("/admin")]
    [InlineData("/ADMIN")]
    [InlineData("/Admin/")]
    [InlineData("//admin")]
    [InlineData("/admin/.")]
    [InlineData("/%61dmin")]
    [InlineData("/admin%2F")]
    [InlineData("/admin/")]
    [InlineData("/./admin")]
    [InlineData("/x/../admin")]
    [InlineData("/../admin")]
    [InlineData("/%2e%2e/admin")]
    [InlineData("/%2Fadmin")]
    [InlineData(@"/admin\")]
    [InlineData("/ADMIN/Users/1")]
    [InlineData("/admin//users")]
    [InlineData(@"/admin\users")]
    [InlineData("/admin%5Cusers")]
    [InlineData("/admin/users/..")]
    [InlineData("/admin/x/../../admin/y")]
    public void Every_spelling_of_admin_is_matched(string path)
    {
        Assert.True(Matcher("/admin/:path*").IsMatch(path));
        Assert.True(Matcher("/admin/:path*").IsMatch(Request(path)));
    }

    [Theory]
    [InlineData("/administrator")]
    [InlineData("/adminx")]
    [InlineData("/api/admin")]
    [InlineData("/x/admin")]
    [InlineData("/admin/../x")]
    [InlineData("/admin;x")] // ";" is not a separator in ASP.NET Core, so routing does not send this to /admin either.
    [InlineData("/%2561dmin")] // Decoded once: "/%61dmin".
    [InlineData("/adm%69n2")]
    public void Other_paths_are_not_matched_by_admin(string path) =>
        Assert.False(Matcher("/admin/:path*").IsMatch(path));

    [Theory]
    [InlineData("/admin", true)]
    [InlineData("/ADMIN/", true)]
    [InlineData("/admin/.", true)]
    [InlineData("/admin/x", false)]
    [InlineData("/admin/x/..", true)]
    public void Plain_admin_matches_its_spellings_but_not_below(string path, bool expected) =>
        Assert.Equal(expected, Matcher("/admin").IsMatch(path));

    [Fact]
    public void Paths_longer_than_the_stack_buffer_are_matched()
    {
        string tail = string.Concat(Enumerable.Repeat("segment/", 60));

        Assert.True(Matcher("/admin/:path*").IsMatch("//ADMIN/" + tail));
        Assert.False(Matcher("/admin/:path*").IsMatch("/administrator/" + tail));
    }

    [Fact]
    public void Many_entries_are_grouped_without_losing_any()
    {
        var entries = Enumerable.Range(0, 1000).Select(i => new MatcherEntry($"/s{i}/:path*")).ToList();
        entries.AddRange(Enumerable.Range(0, 200).Select(i => new MatcherEntry($"/:locale/x{i}/:path*")));
        entries.Add("/s1/fixed");
        entries.Add("/:locale/settings");
        entries.Add("/((?!public).*)/edit");
        entries.Add(new MatcherEntry("/s7/:path*") { Has = [MatcherCondition.Header("x-never")] });
        RequestMatcher matcher = RequestMatcher.Compile(entries);

        Assert.True(matcher.IsMatch("/S999/x"));
        Assert.True(matcher.IsMatch("/s0"));
        Assert.True(matcher.IsMatch("/s1/fixed"));
        Assert.True(matcher.IsMatch("/en/settings"));
        Assert.True(matcher.IsMatch("/s5000/edit"));
        Assert.True(matcher.IsMatch("/fr/X199/a/b"));
        Assert.False(matcher.IsMatch("/fr/x200"));
        Assert.False(matcher.IsMatch("/x1"));
        Assert.False(matcher.IsMatch("/s1000"));
        Assert.False(matcher.IsMatch("/s99x"));
        Assert.False(matcher.IsMatch("/public/edit"));
        Assert.False(matcher.IsMatch("/"));
    }

    [Fact]
    public void No_entries_match_nothing()
    {
        RequestMatcher matcher = RequestMatcher.Compile([]);

        Assert.False(matcher.IsMatch("/"));
        Assert.False(matcher.IsMatch(Request("/admin")));
    }

    // One table serves both lists: "has" matches where the condition holds, "missing" where it does not.
    // The request is header lines ("Name: value"), and a line starting with "?" is the query string.
    [Theory]
    [InlineData(MatcherConditionType.Header, "x-flag", null, "X-Flag: 1", true)]
    [InlineData(MatcherConditionType.Header, "X-FLAG", null, "x-flag: 1", true)]
    [InlineData(MatcherConditionType.Header, "x-flag", null, "X-Flag: ", true)]
    [InlineData(MatcherConditionType.Header, "x-flag", null, "X-Other: 1", false)]
    [InlineData(MatcherConditionType.Header, "purpose", "prefetch", "Purpose: prefetch", true)]
    [InlineData(MatcherConditionType.Header, "purpose", "prefetch", "Purpose: Prefetch", false)]
    [InlineData(MatcherConditionType.Header, "purpose", "prefetch", "Purpose: prefetch2", false)]
    [InlineData(MatcherConditionType.Header, "purpose", "prefetch", "", false)]
    [InlineData(MatcherConditionType.Header, "purpose", "pre|post", "Purpose: post", true)]
    [InlineData(MatcherConditionType.Header, "purpose", "pre|post", "Purpose: prefix", false)]
    [InlineData(MatcherConditionType.Header, "accept", ".*json.*", "Accept: application/json", true)]
    [InlineData(MatcherConditionType.Cookie, "session", null, "Cookie: session=abc", true)]
    [InlineData(MatcherConditionType.Cookie, "session", null, "Cookie: other=abc", false)]
    [InlineData(MatcherConditionType.Cookie, "session", "a.c", "Cookie: theme=dark; session=abc", true)]
    [InlineData(MatcherConditionType.Cookie, "session", "a.c", "Cookie: session=abcd", false)]
    [InlineData(MatcherConditionType.Query, "preview", null, "?preview=1", true)]
    [InlineData(MatcherConditionType.Query, "preview", null, "?preview", true)]
    [InlineData(MatcherConditionType.Query, "preview", null, "?other=1", false)]
    [InlineData(MatcherConditionType.Query, "preview", "1|true", "?preview=true", true)]
    [InlineData(MatcherConditionType.Query, "preview", "1|true", "?preview=yes", false)]
    [InlineData(MatcherConditionType.Query, "preview", "1", "?preview=0&preview=1", true)]
    [InlineData(MatcherConditionType.Host, null, @"(www\.)?example\.com", "Host: Example.COM:8443", true)]
    [InlineData(MatcherConditionType.Host, null, @"(www\.)?example\.com", "Host: www.example.com", true)]
    [InlineData(MatcherConditionType.Host, null, @"example\.com", "Host: www.example.com", false)]
    [InlineData(MatcherConditionType.Host, null, @"example\.com", "Host: example.com.evil.test", false)]
    public void Has_and_missing_test_headers_cookies_query_and_host(MatcherConditionType type, string? key, string? value, string request, bool holds)
    {
        var condition = new MatcherCondition(type, key, value);
        RequestMatcher has = RequestMatcher.Compile([new MatcherEntry("/p") { Has = [condition] }]);
        RequestMatcher missing = RequestMatcher.Compile([new MatcherEntry("/p") { Missing = [condition] }]);

        Assert.Equal(holds, has.IsMatch(Request("/p", request)));
        Assert.Equal(!holds, missing.IsMatch(Request("/p", request)));
    }

    [Theory]
    [InlineData("/p", "X-A: 1\nCookie: c=1", true)]
    [InlineData("/P/", "X-A: 1\nCookie: c=1\n?q=2", true)]
    [InlineData("/p", "X-A: 1", false)]
    [InlineData("/p", "Cookie: c=1", false)]
    [InlineData("/p", "X-A: 1\nCookie: c=1\nX-Skip: yes", false)]
    [InlineData("/p", "X-A: 1\nCookie: c=1\n?q=1", false)]
    [InlineData("/other", "X-A: 1\nCookie: c=1", false)]
    public void All_has_must_hold_and_no_missing_may_hold(string path, string request, bool expected)
    {
        RequestMatcher matcher = RequestMatcher.Compile(
        [
            new MatcherEntry("/p")
            {
                Has = [MatcherCondition.Header("x-a"), MatcherCondition.Cookie("c")],
                Missing = [MatcherCondition.Header("x-skip"), MatcherCondition.Query("q", "1")],
            },
        ]);

        Assert.Equal(expected, matcher.IsMatch(Request(path, request)));
    }

    [Theory]
    [InlineData("/dashboard", "", true)]
    [InlineData("/dashboard", "Next-Router-Prefetch: 1", false)]
    [InlineData("/dashboard", "Purpose: prefetch", false)]
    [InlineData("/dashboard", "Purpose: other", true)]
    [InlineData("/api/users", "", false)]
    public void The_nextjs_docs_prefetch_example(string path, string request, bool expected)
    {
        RequestMatcher matcher = RequestMatcher.Compile(
        [
            new MatcherEntry("/((?!api|_next/static|_next/image|favicon.ico).*)")
            {
                Missing = [MatcherCondition.Header("next-router-prefetch"), MatcherCondition.Header("purpose", "prefetch")],
            },
        ]);

        Assert.Equal(expected, matcher.IsMatch(Request(path, request)));
    }

    [Theory]
    [InlineData("/admin", "", true)]
    [InlineData("/beta/x", "", false)]
    [InlineData("/beta/x", "Cookie: beta=1", true)]
    [InlineData("/en/docs", "X-Docs: 1", true)]
    [InlineData("/en/docs", "", false)]
    public void Entries_with_and_without_conditions_mix(string path, string request, bool expected)
    {
        RequestMatcher matcher = RequestMatcher.Compile(
        [
            "/admin/:path*",
            new MatcherEntry("/beta/:path*") { Has = [MatcherCondition.Cookie("beta")] },
            new MatcherEntry("/:locale/docs") { Has = [MatcherCondition.Header("x-docs")] },
        ]);

        Assert.Equal(expected, matcher.IsMatch(Request(path, request)));
    }

    [Fact]
    public void A_path_alone_skips_entries_with_conditions()
    {
        RequestMatcher matcher = RequestMatcher.Compile(
        [
            "/admin",
            new MatcherEntry("/beta") { Missing = [MatcherCondition.Header("x-skip")] },
        ]);

        Assert.True(matcher.IsMatch("/admin"));
        Assert.False(matcher.IsMatch("/beta"));
        Assert.True(matcher.IsMatch(Request("/beta")));
    }

    [Theory]
    [InlineData("admin", "must start with '/'")]
    [InlineData(" /admin", "must start with '/'")]
    [InlineData("/admin(", "unbalanced parentheses")]
    [InlineData("/admin/(.*", "unbalanced parentheses")]
    [InlineData("/admin)", "unbalanced parentheses")]
    [InlineData("/((a))", "nested capturing group")]
    [InlineData("/(a(b))", "nested capturing group")]
    [InlineData("/([)", "not a valid regular expression")]
    [InlineData("/(a{2,1})", "not a valid regular expression")]
    [InlineData("/(?!api).*", "starts with '?'")]
    [InlineData("/()", "is empty")]
    [InlineData("/:path**", "modifier '*'")]
    [InlineData("/:path?+", "modifier '+'")]
    [InlineData("/admin*", "modifier '*'")]
    [InlineData("/admin/*", "modifier '*'")]
    [InlineData("/x:path*", "cannot repeat")]
    [InlineData("/:", "parameter name")]
    [InlineData("/:-x", "parameter name")]
    [InlineData("/{:a", "never closed")]
    [InlineData("/{:a*}", "unexpected")]
    [InlineData("/a}", "closes no")]
    [InlineData(@"/admin\", "lone '\\'")]
    public void Invalid_sources_fail_with_a_message_naming_them(string source, string reason)
    {
        var exception = Assert.Throws<ArgumentException>(() => RequestMatcher.Compile(["/fine", source]));

        Assert.Contains($"\"{source}\"", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_source_fails(string? source)
    {
        var exception = Assert.Throws<ArgumentException>(() => RequestMatcher.Compile([new MatcherEntry { Source = source! }]));

        Assert.Contains("empty", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MatcherConditionType.Header, null, null, "needs a Key")]
    [InlineData(MatcherConditionType.Cookie, "", null, "needs a Key")]
    [InlineData(MatcherConditionType.Query, "q", "(", "not a valid regular expression")]
    [InlineData(MatcherConditionType.Host, null, null, "host condition")]
    [InlineData(MatcherConditionType.Host, "example.com", null, "host condition")]
    [InlineData((MatcherConditionType)42, "k", null, "unknown type")]
    public void Invalid_conditions_fail_with_a_message_naming_the_source(MatcherConditionType type, string? key, string? value, string reason)
    {
        var entry = new MatcherEntry("/guarded/:path*") { Missing = [new MatcherCondition(type, key, value)] };

        var exception = Assert.Throws<ArgumentException>(() => RequestMatcher.Compile([entry]));

        Assert.Contains("\"/guarded/:path*\": Missing[0]", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_binds_strings_and_objects_with_case_insensitive_types()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Matcher:0"] = "/admin/:path*",
                ["Matcher:1:Source"] = "/beta/:path*",
                ["Matcher:1:Has:0:Type"] = "cookie",
                ["Matcher:1:Has:0:Key"] = "beta",
                ["Matcher:1:Missing:0:Type"] = "HOST",
                ["Matcher:1:Missing:0:Value"] = @"internal\.example",
            })
            .Build();

        List<MatcherEntry>? entries = configuration.GetSection("Matcher").Get<List<MatcherEntry>>();

        Assert.NotNull(entries);
        Assert.Collection(
            entries,
            first => Assert.Equal(("/admin/:path*", 0, 0), (first.Source, first.Has.Count, first.Missing.Count)),
            second =>
            {
                Assert.Equal("/beta/:path*", second.Source);
                Assert.Equal((MatcherConditionType.Cookie, "beta", (string?)null), (second.Has[0].Type, second.Has[0].Key, second.Has[0].Value));
                Assert.Equal((MatcherConditionType.Host, (string?)null, @"internal\.example"), (second.Missing[0].Type, second.Missing[0].Key, second.Missing[0].Value));
            });
        RequestMatcher matcher = RequestMatcher.Compile(entries);
        Assert.True(matcher.IsMatch(Request("/beta/x", "Cookie: beta=1\nHost: www.example")));
        Assert.False(matcher.IsMatch(Request("/beta/x", "Cookie: beta=1\nHost: internal.example")));
    }

    [Fact]
    public void A_string_converts_to_an_entry()
    {
        MatcherEntry entry = "/admin/:path*";

        Assert.Equal("/admin/:path*", entry.Source);
        Assert.Empty(entry.Has);
        Assert.Empty(entry.Missing);
    }

    private static RequestMatcher Matcher(params string[] sources) =>
        RequestMatcher.Compile(sources.Select(source => new MatcherEntry(source)));

    private static DefaultHttpContext Request(string path, string request = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Path = new PathString(path);
        foreach (string line in request.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('?'))
            {
                context.Request.QueryString = new QueryString(line);
                continue;
            }

            // Not Headers.Append, which drops an empty value that Kestrel would keep.
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = line[..colon];
            context.Request.Headers[name] = StringValues.Concat(context.Request.Headers[name], line[(colon + 1)..].Trim());
        }

        return context;
    }
}
