using System.Text.RegularExpressions;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// The commands and configuration of a generated README's <c>## Deploy</c> section, as the deploy tests run them: each
/// property reads its block as written and throws, naming the section, when the block has lost the shape a deployer
/// is told to copy.
/// </summary>
internal sealed partial class DeployReadme(MarkdownDocument readme)
{
    private const string ProductionHeading = "### Run in Production";
    private const string PublishHeading = "### Publish and run as a service";
    private const string ProxyHeading = "### Behind a reverse proxy";
    private const string PathHeading = "### Under a path";

    /// <summary>The <c>sh</c> block under <c>### Run in Production</c>, whole.</summary>
    public string ProductionCommand => readme.CodeBlock(ProductionHeading, "sh").Trim();

    /// <summary>The last line of <see cref="ProductionCommand"/>: the one that starts the site.</summary>
    public string ProductionStartLine => ProductionCommand.Split('\n').Last().Trim();

    /// <summary>
    /// The arguments of the README's <c>dotnet publish</c> line (after <c>dotnet</c>) with its <c>-o</c> folder replaced
    /// by <paramref name="output"/>.
    /// </summary>
    public IReadOnlyList<string> PublishArguments(string output)
    {
        var (arguments, index) = PublishCommand();
        var replaced = arguments.ToList();
        replaced[index] = output;
        return replaced;
    }

    /// <summary>
    /// The path of the dll the README's systemd unit starts (<c>ExecStart=/usr/bin/dotnet /srv/Site/Site.dll ...</c>),
    /// relative to the publish command's <c>-o</c> folder.
    /// </summary>
    public string PublishedDll
    {
        get
        {
            var (arguments, index) = PublishCommand();
            var folder = arguments[index].TrimEnd('/') + "/";
            var unit = readme.CodeBlock(PublishHeading, "ini");
            var match = ExecStart().Match(unit);
            if (!match.Success || !match.Groups["dll"].Value.StartsWith(folder, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The systemd unit under '{PublishHeading}' should start a dll in {folder} (the publish command's -o folder) with ExecStart=<dotnet> <dll>:\n{unit}");
            }

            return match.Groups["dll"].Value[folder.Length..];
        }
    }

    /// <summary>
    /// The directives of the <c>location / { ... }</c> block of the README's nginx example other than <c>proxy_pass</c>
    /// (the <c>proxy_set_header</c> lines), one per line.
    /// </summary>
    public IReadOnlyList<string> ProxyDirectives
    {
        get
        {
            var nginx = readme.CodeBlock(ProxyHeading, "nginx");
            var location = RootLocation().Match(nginx);
            if (!location.Success)
            {
                throw new InvalidOperationException($"The nginx example under '{ProxyHeading}' should have a `location / {{ ... }}` block:\n{nginx}");
            }

            var directives = location.Groups["body"].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (!directives.Any(d => ProxyPassToPort().IsMatch(d)))
            {
                throw new InvalidOperationException(
                    $"The nginx example under '{ProxyHeading}' should pass requests on with `proxy_pass http://127.0.0.1:<port>;` (no path, so the request's path goes on as it is):\n{nginx}");
            }

            return directives.Where(d => !d.StartsWith("proxy_pass ", StringComparison.Ordinal)).ToList();
        }
    }

    /// <summary>
    /// A <c>location &lt;path&gt; { ... }</c> block for a test's nginx: <c>proxy_pass &lt;proxyPass&gt;;</c> then the README's
    /// <see cref="ProxyDirectives"/>, and <paramref name="extra"/> directives last. The README's proxy listens on 443, where a
    /// Host header carries no port; a test's listens on another port, which <c>$host</c> drops, so <c>Host</c> gets it back.
    /// </summary>
    /// <param name="path">The location's path (<c>/</c>, <c>/app/</c>).</param>
    /// <param name="proxyPass">Where requests go: <c>http://127.0.0.1:&lt;port&gt;</c>, or <c>http://&lt;upstream name&gt;</c>.</param>
    /// <param name="extra">More directives, one per line.</param>
    public string ProxyLocation(string path, string proxyPass, params string[] extra)
    {
        var directives = ProxyDirectives;
        Assert.Contains("proxy_set_header Host $host;", directives);
        var lines = directives.Select(d => d == "proxy_set_header Host $host;" ? "proxy_set_header Host $host:$server_port;" : d).Concat(extra);
        return $"location {path} {{\n    proxy_pass {proxyPass};\n{string.Join('\n', lines.Select(l => "    " + l))}\n}}";
    }

    /// <summary>The path base the <c>### Under a path</c> section sets (<c>PathBase=/app</c>): <c>/app</c>.</summary>
    public string PathBase => Match(PathBaseSetting(), PathHeading, "`PathBase=/<path>`").Groups["path"].Value;

    /// <summary>The nginx location the <c>### Under a path</c> section gives (<c>location /app/ { proxy_pass http://127.0.0.1:5000; ... }</c>): <c>/app/</c>.</summary>
    public string PathLocation => Match(PathLocationBlock(), PathHeading, "`location /<path>/ { proxy_pass http://127.0.0.1:<port>; ... }`").Groups["location"].Value;

    private (IReadOnlyList<string> Arguments, int OutputIndex) PublishCommand()
    {
        var block = readme.CodeBlock(PublishHeading, "sh").Trim();
        var words = block.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var output = Array.IndexOf(words, "-o") + 1;
        if (block.Contains('\n') || words is not ["dotnet", "publish", ..] || output == 0 || output >= words.Length)
        {
            throw new InvalidOperationException($"Expected one `dotnet publish ... -o <folder>` line under '{PublishHeading}':\n{block}");
        }

        return (words[1..], output - 1);
    }

    private Match Match(Regex pattern, string heading, string shape)
    {
        var section = readme.Section(heading);
        var match = pattern.Match(section);
        return match.Success ? match : throw new InvalidOperationException($"The '{heading}' section should say {shape}:\n{section}");
    }

    [GeneratedRegex(@"^ExecStart=\S+ (?<dll>\S+\.dll)( |$)", RegexOptions.Multiline)]
    private static partial Regex ExecStart();

    [GeneratedRegex(@"location / \{\n(?<body>[^}]*)\}")]
    private static partial Regex RootLocation();

    [GeneratedRegex(@"^proxy_pass http://127\.0\.0\.1:\d+;$")]
    private static partial Regex ProxyPassToPort();

    [GeneratedRegex(@"`PathBase=(?<path>/[^`/]+)`")]
    private static partial Regex PathBaseSetting();

    [GeneratedRegex(@"`location (?<location>/[^ /]+/) \{ proxy_pass http://127\.0\.0\.1:\d+; \.\.\. \}`")]
    private static partial Regex PathLocationBlock();
}
