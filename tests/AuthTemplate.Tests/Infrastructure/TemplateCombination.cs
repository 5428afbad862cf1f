namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// One set of `dotnet new authsite` options, with the code names the site name should turn into.
/// <para>
/// <see cref="All"/>: four combinations, pairwise-complete over the three booleans that shape the file set
/// (--no-https, --exclude-launch-settings, --e2e false): every pair of values of every two of them occurs in some
/// combination. The provider options (--github, --google, --oidc), which only add configuration blocks, ride along on
/// the same four rows as a pairwise-complete set of their own (none; google+oidc; github+oidc; github+google).
/// --no-restore is exercised once, and so is --engine source (the engine's project and tests in the solution); the
/// other rows take the default, --engine package; --database postgres is exercised once (its generated tests run on
/// the run's PostgreSQL server), the other rows take the default, --database sqlite; --session database rides on that row
/// and the others take the default, --session jwt, so each strategy meets each database across the set (the generated
/// tests that depend on the strategy run under both whatever the option says). Their site names are not plain C# identifiers: a hyphen (my-site), dots
/// (Contoso.Web), a leading digit (1Site) and a name of .NET's own assemblies (System). Each is built and runs every
/// generated test.
/// </para>
/// <para>
/// <see cref="SiteNames"/>: the other kinds of name that need a code name different from the typed one, each
/// instantiated without the end-to-end project, built, started and run against a subset of its tests.
/// </para>
/// </summary>
/// <param name="Name">The combination's name: its output folder, baseline and TRX folder.</param>
/// <param name="SiteName">The value of `-n`: file and folder names and display text keep it as typed.</param>
/// <param name="Namespace">The root namespace the generated code should be in.</param>
/// <param name="AssemblyName">The site's assembly name; null when it is the typed name (the project file's name).</param>
/// <param name="Engine">The value of `--engine`: "package" (the default, not passed) or "source".</param>
/// <param name="Database">The value of `--database`: "sqlite" (the default, not passed) or "postgres".</param>
/// <param name="Session">The value of `--session`: "jwt" (the default, not passed) or "database".</param>
/// <param name="TestFilter">A `dotnet test --filter` expression; null runs every generated test.</param>
public sealed record TemplateCombination(
    string Name,
    string SiteName,
    string Namespace,
    string? AssemblyName = null,
    bool NoHttps = false,
    bool ExcludeLaunchSettings = false,
    bool EndToEnd = true,
    bool NoRestore = false,
    bool GitHub = false,
    bool Google = false,
    bool Oidc = false,
    string Engine = TemplateCombination.PackageEngine,
    string Database = TemplateCombination.SqliteDatabase,
    string Session = TemplateCombination.JwtSession,
    string? TestFilter = null)
{
    public const string PackageEngine = "package";

    public const string SourceEngine = "source";

    public const string SqliteDatabase = "sqlite";

    public const string PostgresDatabase = "postgres";

    public const string JwtSession = "jwt";

    public const string DatabaseSession = "database";

    // Pages through Razor (the @namespace and @using of _ViewImports), credentials sign-in (the session and CSRF
    // cookies, whose names derive from the site name) and the users command.
    private const string SiteNameTests =
        "FullyQualifiedName~.PageRouteTests.|FullyQualifiedName~.CredentialsSignInTests.|FullyQualifiedName~.UsersCommandSignInTests.";

    public static IReadOnlyList<TemplateCombination> All { get; } =
    [
        new("default", "my-site", "my_site"),
        new("no-launch-no-e2e", "Contoso.Web", "Contoso.Web", ExcludeLaunchSettings: true, EndToEnd: false, NoRestore: true, Google: true, Oidc: true, Database: PostgresDatabase, Session: DatabaseSession),
        new("no-https-no-e2e", "1Site", "_1Site", NoHttps: true, EndToEnd: false, GitHub: true, Oidc: true, Engine: SourceEngine),
        new("no-https-no-launch", "System", "_System", AssemblyName: "_System", NoHttps: true, ExcludeLaunchSettings: true, GitHub: true, Google: true),
    ];

    /// <summary>
    /// A C# keyword (reserved by the compiler), a contextual keyword (which Razor's @namespace refuses) and the name of a
    /// namespace the site declares inside its own (Auth: Razor's usings sit inside the page's namespace), an empty
    /// segment, and letters outside ASCII (cookie names and User-Agent products take ASCII only).
    /// </summary>
    public static IReadOnlyList<TemplateCombination> SiteNames { get; } =
    [
        new("name-keyword", "class", "_class", EndToEnd: false, TestFilter: SiteNameTests),
        new("name-contextual-keyword", "Auth.var", "Auth._var", EndToEnd: false, TestFilter: SiteNameTests),
        new("name-empty-segment", "A..B", "A.B", EndToEnd: false, TestFilter: SiteNameTests),
        new("name-non-ascii", "日本", "日本", EndToEnd: false, TestFilter: SiteNameTests),
    ];

    /// <summary>Theory data: the names of <see cref="All"/> (strings serialize, so each is its own test case).</summary>
    public static TheoryData<string> Names => NamesOf(All);

    /// <summary>Theory data: the names of <see cref="SiteNames"/>.</summary>
    public static TheoryData<string> SiteNameCases => NamesOf(SiteNames);

    /// <summary>Theory data: the names of <see cref="All"/> and <see cref="SiteNames"/>.</summary>
    public static TheoryData<string> AllNames => NamesOf([.. All, .. SiteNames]);

    /// <summary>Whether the site references the engine package (rather than holding its source).</summary>
    public bool EnginePackage => Engine == PackageEngine;

    /// <summary>Whether the site stores its data in PostgreSQL (rather than SQLite).</summary>
    public bool Postgres => Database == PostgresDatabase;

    /// <summary>The site's assembly name: <see cref="AssemblyName"/>, or the typed name.</summary>
    public string SiteAssemblyName => AssemblyName ?? SiteName;

    public static TemplateCombination Get(string name) =>
        All.Concat(SiteNames).SingleOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"Unknown combination '{name}'.", nameof(name));

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

            if (Engine != PackageEngine)
            {
                arguments.AddRange(["--engine", Engine]);
            }

            if (Database != SqliteDatabase)
            {
                arguments.AddRange(["--database", Database]);
            }

            if (Session != JwtSession)
            {
                arguments.AddRange(["--session", Session]);
            }

            return arguments;
        }
    }

    public override string ToString() => Name;

    private static TheoryData<string> NamesOf(IEnumerable<TemplateCombination> combinations)
    {
        var data = new TheoryData<string>();
        foreach (var combination in combinations)
        {
            data.Add(combination.Name);
        }

        return data;
    }
}
