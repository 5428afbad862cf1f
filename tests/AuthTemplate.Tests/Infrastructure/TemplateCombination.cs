namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// One set of `dotnet new authsite` options. The set below is pairwise-complete over the three
/// booleans that shape the output (--no-https, --exclude-launch-settings, --e2e false): every pair
/// of values of every two of them occurs in some combination. --no-restore is exercised once, and
/// every site name is one that is not a plain C# identifier or differs from the source name.
/// </summary>
public sealed record TemplateCombination(
    string Name,
    string SiteName,
    bool NoHttps = false,
    bool ExcludeLaunchSettings = false,
    bool EndToEnd = true,
    bool NoRestore = false)
{
    public static IReadOnlyList<TemplateCombination> All { get; } =
    [
        new("default", "my-site"),
        new("no-launch-no-e2e", "Contoso.Web", ExcludeLaunchSettings: true, EndToEnd: false, NoRestore: true),
        new("no-https-no-e2e", "1Site", NoHttps: true, EndToEnd: false),
        new("no-https-no-launch", "MySite", NoHttps: true, ExcludeLaunchSettings: true),
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

            return arguments;
        }
    }

    public override string ToString() => Name;
}
