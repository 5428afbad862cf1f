using AuthSite.AspNetCore.Middleware;
using BenchmarkDotNet.Attributes;

namespace AuthSite.Benchmarks;

/// <summary>
/// <see cref="RequestMatcher"/> evaluation (what <c>SessionAuthMiddleware</c> pays on every request) with 10, 100 and 1,000
/// Next.js matcher patterns, on a path one of them matches and on a path none matches.
/// </summary>
/// <remarks>
/// The patterns mix what real <c>config.matcher</c> arrays hold: plain paths, <c>:path*</c> prefixes, named segments,
/// regex groups after a literal segment, and three entries whose first segment is a parameter or a group (so every
/// path is tested against them): <c>/:locale(en|fr|de)/legal/:path*</c>, <c>/(v1|v2)/legacy/:path*</c>, <c>/(.*)/feed.xml</c>.
/// </remarks>
[MemoryDiagnoser]
public class MatcherBenchmarks
{
    private RequestMatcher _matcher = null!;
    private string _path = null!;

    [Params(10, 100, 1000)]
    public int Patterns { get; set; }

    [Params("matched", "unmatched")]
    public string Case { get; set; } = "matched";

    [GlobalSetup]
    public void Setup()
    {
        var entries = CreatePatterns(Patterns);
        _matcher = RequestMatcher.Compile(entries);

        // A :path* entry from the middle of the list, three segments deep; and a path no entry covers.
        var middle = Patterns / 2 / 10 * 10 + 3;
        _path = Case == "matched" ? $"/area{middle}/reports/2024/q3" : "/products/shoes/running/42";

        var expected = Case == "matched";
        if (_matcher.IsMatch(_path) != expected)
        {
            throw new InvalidOperationException($"'{_path}' should {(expected ? "" : "not ")}match the {Patterns} patterns.");
        }
    }

    [Benchmark]
    public bool IsMatch() => _matcher.IsMatch(_path);

    /// <summary><paramref name="count"/> patterns, the last three of them without a literal first segment.</summary>
    public static List<MatcherEntry> CreatePatterns(int count)
    {
        var entries = new List<MatcherEntry>(count);
        for (var i = 0; entries.Count < count - 3; i++)
        {
            entries.Add((i % 10) switch
            {
                0 => $"/page{i}",
                1 => $"/docs{i}/getting-started",
                2 => $"/about{i}/team",
                3 or 4 or 5 => $"/area{i}/:path*",
                6 => $"/blog{i}/:slug",
                7 => $"/shop{i}/:category/items/:id",
                8 => $"/files{i}/(.*)",
                _ => $"/reports{i}/(\\d+)/:format(pdf|csv)",
            });
        }

        entries.Add("/:locale(en|fr|de)/legal/:path*");
        entries.Add("/(v1|v2)/legacy/:path*");
        entries.Add("/(.*)/feed.xml");
        return entries;
    }
}
