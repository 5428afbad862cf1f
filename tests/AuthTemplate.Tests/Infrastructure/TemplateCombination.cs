namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// One set of `dotnet new authsite` options. The four combinations are pairwise-complete over the
/// three booleans that shape the file set (--no-https, --exclude-launch-settings, --e2e false):
/// every pair of values of every two of them occurs in some combination. The provider options
/// (--github, --google, --oidc), which only add configuration blocks, ride along on the same four
/// rows as a pairwise-complete set of their own (none; google+oidc; github+oidc; github+google).
/// --no-restore is exercised once, and the site names are ones that are not plain C# identifiers
/// (my-site, Contoso.Web, 1Site) or differ from the source name (MySite).
/// </summary>
public sealed record TemplateCombination(
    string Name,
    string SiteName,
    bool NoHttps = false,
    bool ExcludeLaunchSettings = false,
    bool EndToEnd = true,
    bool NoRestore = false,
    bool GitHub = false,
    bool Google = false,
    bool Oidc = false)
{
    public static IReadOnlyList<TemplateCombination> All { get; } =
    [
        new("default", "my-site"),
        new("no-launch-no-e2e", "Contoso.Web", ExcludeLaunchSettings: true, EndToEnd: false, NoRestore: true, Google: true, Oidc: true),
        new("no-https-no-e2e", "1Site", NoHttps: true, EndToEnd: false, GitHub: true, Oidc: true),
        new("no-https-no-launch", "MySite", NoHttps: true, ExcludeLaunchSettings: true, GitHub: true, Google: true),
    ];

    /// <summary>Theory data: the combination names (strings serialize, so each is its own test case).</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var combination in All)
            {
                data.Add(combination.Name);
            }

            return data;
        }
    }

    public static TemplateCombination Get(string name) =>
        All.SingleOrDefault(c => c.Name == name) ?? throw new ArgumentException($"Unknown combination '{name}'.", nameof(name));

    /// <summary>The template options after `dotnet new authsite`.</summary>
    public IReadOnlyList<string> TemplateArguments
    {
        get
        {
            var arguments = new List<string> { "-n", SiteName };
            if (NoHttps)
            {
                arguments.Add("--no-https");
            }

            if (ExcludeLaunchSettings)
            {
                arguments.Add("--exclude-launch-settings");
            }

            if (!EndToEnd)
            {
                arguments.AddRange(["--e2e", "false"]);
            }

            if (NoRestore)
            {
                arguments.Add("--no-restore");
            }

            if (GitHub)
            {
                arguments.Add("--github");
            }

            if (Google)
            {
                arguments.Add("--google");
            }

            if (Oidc)
            {
                arguments.Add("--oidc");
            }

            return arguments;
        }
    }

    public override string ToString() => Name;
}
