// Cake build for the AuthSite template package and the engine package it carries.
//
//   dotnet tool restore && dotnet cake --target=Test     build, pack, find a browser, nginx, PostgreSQL and Node.js, run every test
//   dotnet tool restore && dotnet cake --target=Demo     scaffold a site from the package and serve it
//
// Targets: Clean, Build, Pack, Install, Browser, Nginx, Postgres, Node, Test (default), Demo, and Bench (bench/bench.cake).
// Arguments (or environment variables of the same name): --target, --configuration.

#load "bench/bench.cake"

using System.Xml.Linq;

var target =
    HasArgument("target") ? Argument<string>("target") :
    EnvironmentVariable("Target") ?? "Test";
var configuration =
    HasArgument("configuration") ? Argument<string>("configuration") :
    EnvironmentVariable("Configuration") ?? "Release";

var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var packagesDir = artifacts.Combine("packages");
var testResultsDir = artifacts.Combine("test-results");
var hiveDir = artifacts.Combine("hive");
var demoDir = artifacts.Combine("demo");
var templateContent = root.Combine("templates/AuthSite");
var templateSolution = templateContent.CombineWithFilePath("Company.WebApplication1.slnx");
var engineProject = templateContent.CombineWithFilePath("src/AuthSite.AspNetCore/AuthSite.AspNetCore.csproj");
var engineTestsProject = templateContent.CombineWithFilePath("tests/AuthSite.AspNetCore.Tests/AuthSite.AspNetCore.Tests.csproj");
// The local feed of a package-mode site: Pack writes the engine here, and the template package carries it.
var enginePackagesDir = templateContent.Combine("packages");
var templateProject = root.CombineWithFilePath("AuthTemplate.csproj");
var templateTestsProject = root.CombineWithFilePath("tests/AuthTemplate.Tests/AuthTemplate.Tests.csproj");
const string PackageId = "AuthSite.Templates";
const string EnginePackageId = "AuthSite.AspNetCore";
const string BrowserVariable = "AUTHSITE_BROWSER";
const string NginxVariable = "AUTHSITE_NGINX";
const string PostgresBinVariable = "AUTHSITE_POSTGRES_BIN";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

// `dotnet new <arguments>`, each argument quoted; throws when it fails.
void DotNetNew(params string[] arguments) =>
    DotNetTool("new", new DotNetToolSettings { ArgumentCustomization = args => arguments.Aggregate(args, (a, x) => a.AppendQuoted(x)) });

// Runs a process with the console inherited; throws when it exits non-zero, unless asked not to.
int Run(string tool, ProcessArgumentBuilder arguments, bool throwOnError = true, IDictionary<string, string> environment = null)
{
    Information("> {0} {1}", tool, arguments.Render());
    var exitCode = StartProcess(tool, new ProcessSettings { Arguments = arguments, EnvironmentVariables = environment });
    if (exitCode != 0 && throwOnError)
    {
        throw new CakeException($"{tool} {arguments.Render()} exited with code {exitCode}.");
    }
    return exitCode;
}

FilePath FindPackage(DirectoryPath folder, string id) =>
    GetFiles($"{folder.FullPath}/{id}.*.nupkg").OrderByDescending(f => System.IO.File.GetLastWriteTimeUtc(f.FullPath)).FirstOrDefault()
    ?? throw new CakeException($"No {id} package in {folder}: run `dotnet cake --target=Pack` first.");

// An executable by name: Cake's tool resolution (tools/, registered paths, PATH), then the sbin folders that a
// non-root PATH often lacks (Debian puts nginx in /usr/sbin).
FilePath FindTool(string name) =>
    Context.Tools.Resolve(name)
    ?? new[] { "/usr/sbin", "/usr/bin" }.Select(d => new FilePath($"{d}/{name}")).FirstOrDefault(FileExists);

// The executable named by an environment variable, or null when it is unset; a name that is not a file is an error.
FilePath FromVariable(string variable, string what)
{
    var value = EnvironmentVariable(variable);
    if (string.IsNullOrWhiteSpace(value))
    {
        return null;
    }
    if (!FileExists(value))
    {
        throw new CakeException($"{variable} is set to '{value}', but no such file exists. Point it at {what} or unset it.");
    }
    return new FilePath(value);
}

bool CanInstallDebianPackages() => FileExists("/etc/debian_version") && Environment.IsPrivilegedProcess && FindTool("apt-get") != null;

bool aptUpdated = false;

// apt-get install as root on Debian, without starting any service the packages bring: Debian's nginx package starts
// nginx on port 80 unless /usr/sbin/policy-rc.d forbids it (exit 101). Containers usually ship such a file; elsewhere one
// is put in place for the length of the install, then removed.
void InstallDebianPackages(params string[] packages)
{
    var aptEnv = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
    if (!aptUpdated)
    {
        Run("apt-get", new ProcessArgumentBuilder().Append("-q").Append("update"), environment: aptEnv);
        aptUpdated = true;
    }

    const string policy = "/usr/sbin/policy-rc.d";
    var ownPolicy = !FileExists(policy);
    if (ownPolicy)
    {
        Information("Writing {0} (exit 101) so that the packages start no service; it is removed after the install.", policy);
        System.IO.File.WriteAllText(policy, "#!/bin/sh\n# build.cake: no service starts during its apt-get install.\nexit 101\n");
        System.IO.File.SetUnixFileMode(policy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
    try
    {
        Run("apt-get", packages.Aggregate(new ProcessArgumentBuilder().Append("-q").Append("install").Append("-y"), (a, p) => a.Append(p)), environment: aptEnv);
    }
    finally
    {
        if (ownPolicy)
        {
            DeleteFile(policy);
        }
    }
}

// The browser lookup shared by the Browser target (also used after each install attempt).
// Order: AUTHSITE_BROWSER; Playwright's own downloaded Chromium; the system's Chromium/Chrome.
FilePath FindBrowser(out string source)
{
    source = $"${BrowserVariable}";
    var browser = FromVariable(BrowserVariable, "a Chromium/Chrome executable");
    if (browser != null)
    {
        return browser;
    }

    var playwrightCache = EnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH");
    if (string.IsNullOrEmpty(playwrightCache) || playwrightCache == "0")
    {
        playwrightCache = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
    }
    source = "Playwright's browser cache";
    browser = GetFiles(playwrightCache + "/chromium-*/chrome-linux*/chrome").OrderByDescending(f => f.FullPath, StringComparer.Ordinal).FirstOrDefault();
    if (browser != null)
    {
        return browser;
    }

    source = "the system";
    return new[] { "chromium", "chromium-browser", "google-chrome" }.Select(FindTool).FirstOrDefault(f => f != null);
}

// Playwright's installer, as playwright.ps1 calls it: Microsoft.Playwright.Program.Main, loaded from the build output of
// the end-to-end tests (next to the Node driver it runs). Null when that project has not been built yet.
int? InstallPlaywrightChromium()
{
    var playwright = GetFiles($"{templateContent.FullPath}/tests/*.EndToEnd/bin/{configuration}/net10.0/Microsoft.Playwright.dll").FirstOrDefault();
    if (playwright == null)
    {
        return null;
    }
    Information("> Microsoft.Playwright.Program.Main(install chromium) from {0}", playwright);
    var program = System.Reflection.Assembly.LoadFrom(playwright.FullPath).GetType("Microsoft.Playwright.Program", throwOnError: true);
    return (int)program.GetMethod("Main").Invoke(null, new object[] { new[] { "install", "chromium" } });
}

// The nginx lookup of the Nginx target: AUTHSITE_NGINX; nginx on PATH; /usr/sbin/nginx. The deploy tests look in the same order.
FilePath FindNginx(out string source)
{
    var nginx = FromVariable(NginxVariable, "an nginx executable");
    source = nginx != null ? $"${NginxVariable}" : "the system";
    return nginx ?? FindTool("nginx");
}

// The PostgreSQL lookup of the Postgres target: the folder holding initdb, pg_ctl and postgres. AUTHSITE_POSTGRES_BIN;
// the folder of an initdb on PATH (Debian links /usr/local/bin or similar to the real one); the newest
// /usr/lib/postgresql/<version>/bin, where Debian's package puts them off PATH. The tests' PostgresServer looks in the same order.
DirectoryPath FindPostgresBin(out string source)
{
    bool HasServerTools(DirectoryPath folder) => new[] { "initdb", "pg_ctl", "postgres" }.All(t => FileExists(folder.CombineWithFilePath(t)));

    source = $"${PostgresBinVariable}";
    var configured = EnvironmentVariable(PostgresBinVariable);
    if (!string.IsNullOrWhiteSpace(configured))
    {
        return HasServerTools(new DirectoryPath(configured))
            ? new DirectoryPath(configured)
            : throw new CakeException($"{PostgresBinVariable} is set to '{configured}', which holds no initdb, pg_ctl and postgres. Point it at PostgreSQL's bin folder or unset it.");
    }

    source = "PATH";
    var initdb = Context.Tools.Resolve("initdb");
    if (initdb != null)
    {
        var target = new System.IO.FileInfo(initdb.FullPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb.FullPath;
        var folder = new FilePath(target).GetDirectory();
        if (HasServerTools(folder))
        {
            return folder;
        }
    }

    source = "Debian's /usr/lib/postgresql";
    return GetDirectories("/usr/lib/postgresql/*/bin")
        .OrderByDescending(d => int.TryParse(d.GetParent().GetDirectoryName(), out var version) ? version : 0)
        .FirstOrDefault(HasServerTools);
}

// The totals of the TRX files under a folder, from each run's ResultSummary/Counters. A run that aborted (a crashed
// test host) may report no failed test: it counts as one. Each file's counts are printed when `print` is set.
(int Passed, int Failed, int Executed) CountTrx(IEnumerable<FilePath> files, bool print)
{
    XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    int passed = 0, failed = 0, executed = 0;
    foreach (var file in files)
    {
        var summary = XDocument.Load(file.FullPath).Root.Element(ns + "ResultSummary");
        var counters = summary.Element(ns + "Counters");
        int Count(string name) => (int?)counters.Attribute(name) ?? 0;
        var fileFailed = Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        fileFailed += fileFailed == 0 && (string)summary.Attribute("outcome") is "Aborted" or "Error" ? 1 : 0;
        if (print)
        {
            Information("  {0}: {1} passed, {2} failed, {3} not executed ({4})", root.GetRelativePath(file), Count("passed"), fileFailed, Count("notExecuted"), (string)summary.Attribute("outcome"));
        }
        passed += Count("passed");
        failed += fileFailed;
        executed += Count("executed");
    }
    return (passed, failed, executed);
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

Setup(context =>
{
    Information("AuthSite build: target {0}, configuration {1}, repository {2}", target, configuration, root);
});

Task("Clean")
    .Description("Deletes artifacts/ (packages, test results, template-test scratch, demo, hive) and the engine's packages/ feed.")
    .Does(() =>
    {
        foreach (var folder in new[] { artifacts, enginePackagesDir }.Where(DirectoryExists))
        {
            Information("Deleting {0}", folder);
            DeleteDirectory(folder, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
    });

Task("Build")
    .Description("Builds the template content in place (templates/AuthSite/Company.WebApplication1.slnx: the engine, the site and their tests) and the template tests.")
    .Does(() =>
    {
        var settings = new DotNetBuildSettings { Configuration = configuration, NoLogo = true };
        DotNetBuild(templateSolution.FullPath, settings);
        DotNetBuild(templateTestsProject.FullPath, settings);
    });

Task("Pack")
    .Description("Packs the engine (AuthSite.AspNetCore, Release) into templates/AuthSite/packages/, then the template, which carries it, into artifacts/packages/.")
    .Does(() =>
    {
        Information("Packing the engine {0} into {1}", root.GetRelativePath(engineProject), root.GetRelativePath(enginePackagesDir));
        EnsureDirectoryExists(enginePackagesDir);
        CleanDirectory(enginePackagesDir);
        DotNetPack(engineProject.FullPath, new DotNetPackSettings { Configuration = "Release", OutputDirectory = enginePackagesDir, NoLogo = true });
        // A site's restore takes the engine from NuGet's global packages folder once a version is there: a repacked
        // version must replace the copy of the last pack, or the template tests would run the old engine.
        DeleteFiles(GetFiles(enginePackagesDir.FullPath + "/*.snupkg"));
        var engine = FindPackage(enginePackagesDir, EnginePackageId);
        var version = engine.GetFilenameWithoutExtension().FullPath.Substring(EnginePackageId.Length + 1);
        var globalPackages = EnvironmentVariable("NUGET_PACKAGES")
            ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = new DirectoryPath(globalPackages).Combine($"{EnginePackageId.ToLowerInvariant()}/{version}");
        if (DirectoryExists(cached))
        {
            Information("Removing {0} from NuGet's global packages folder ({1}), so that sites restore the new pack", engine.GetFilename(), cached);
            DeleteDirectory(cached, new DeleteDirectorySettings { Recursive = true, Force = true });
        }

        Information("Packing the template {0} into {1}", root.GetRelativePath(templateProject), root.GetRelativePath(packagesDir));
        EnsureDirectoryExists(packagesDir);
        CleanDirectory(packagesDir);
        DotNetPack(templateProject.FullPath, new DotNetPackSettings { Configuration = configuration, OutputDirectory = packagesDir, NoLogo = true });
        Information("Packages: {0} (carrying {1})", FindPackage(packagesDir, PackageId), engine.GetFilename());
    });

Task("Install")
    .Description("Installs the packed template into your `dotnet new` template list (replaces an older install).")
    .IsDependentOn("Pack")
    .Does(() =>
    {
        var package = FindPackage(packagesDir, PackageId);
        StartProcess("dotnet", new ProcessSettings { Arguments = "new uninstall", RedirectStandardOutput = true }, out var installedLines);
        var installed = installedLines.Select(l => l.Trim()).ToList();
        var repoPath = root.FullPath.TrimEnd('/');
        foreach (var older in new[] { PackageId, repoPath }.Where(p => installed.Any(l => l.Equals(p, StringComparison.OrdinalIgnoreCase) || l == p + "/")))
        {
            Information("Uninstalling the older {0}", older);
            DotNetNew("uninstall", older);
        }
        DotNetNew("install", package.FullPath);
        Information("Installed. Try: dotnet new authsite -o MySite");
    });

Task("Browser")
    .Description("Finds a Chromium for the Playwright tests (AUTHSITE_BROWSER, Playwright's cache, the system), installing one if needed.")
    .Does(() =>
    {
        Information("Looking for a Chromium: ${0}, then Playwright's browser cache, then chromium / chromium-browser / google-chrome", BrowserVariable);
        var browser = FindBrowser(out var source);

        if (browser == null)
        {
            Information("No browser found. Trying Playwright's installer (needs the internet).");
            var exitCode = InstallPlaywrightChromium();
            Information(exitCode switch
            {
                null => "Skipped: the end-to-end tests are not built yet (the Build target builds them).",
                0 => "Playwright's installer succeeded.",
                _ => $"Playwright's installer failed (exit code {exitCode}); probably no internet.",
            });
            browser = FindBrowser(out source);
        }

        if (browser == null && CanInstallDebianPackages())
        {
            Information("Installing Debian's chromium package with apt-get (running as root on Debian).");
            InstallDebianPackages("chromium");
            browser = FindBrowser(out source);
        }

        if (browser == null)
        {
            throw new CakeException(
                "No Chromium found for the Playwright end-to-end tests. Install one, then run again:\n" +
                "  - Debian/Ubuntu: sudo apt-get install -y chromium   (or chromium-browser)\n" +
                "  - with internet: pwsh templates/AuthSite/tests/Company.WebApplication1.EndToEnd/bin/" + configuration + "/net10.0/playwright.ps1 install chromium\n" +
                $"  - or set {BrowserVariable} to the path of a Chromium or Chrome executable.");
        }

        Information("Browser for the end-to-end tests: {0} (from {1})", browser, source);
        Run(browser.FullPath, new ProcessArgumentBuilder().Append("--version"), throwOnError: false);
        // Child processes (template tests -> generated end-to-end tests) resolve AUTHSITE_BROWSER first.
        Environment.SetEnvironmentVariable(BrowserVariable, browser.FullPath);
    });

Task("Nginx")
    .Description("Finds nginx and openssl for the deploy tests (AUTHSITE_NGINX, PATH, /usr/sbin/nginx), installing Debian's packages when running as root.")
    .Does(() =>
    {
        Information("Looking for nginx: ${0}, then nginx on PATH, then /usr/sbin/nginx; and for openssl on PATH", NginxVariable);
        var nginx = FindNginx(out var source);
        var missing = new[] { ("nginx", nginx), ("openssl", FindTool("openssl")) }.Where(t => t.Item2 == null).Select(t => t.Item1).ToArray();

        if (missing.Length > 0 && CanInstallDebianPackages())
        {
            Information("Installing Debian's {0} with apt-get (running as root on Debian).", string.Join(" and ", missing));
            InstallDebianPackages(missing);
            nginx = FindNginx(out source);
            // A policy-rc.d of the machine's own may let the package start Debian's nginx on port 80: stop that one.
            if (nginx != null && missing.Contains("nginx") && FileExists("/run/nginx.pid"))
            {
                Information("The package started Debian's nginx service; stopping it (the tests start their own).");
                Run(nginx.FullPath, new ProcessArgumentBuilder().Append("-s").Append("quit"), throwOnError: false);
            }
        }

        if (nginx == null || FindTool("openssl") == null)
        {
            throw new CakeException(
                "The deploy tests need nginx (a TLS proxy in front of the published site) and openssl (its certificate, and the README's secret). Install them, then run again:\n" +
                "  - Debian/Ubuntu: sudo apt-get install -y nginx openssl   (as root on Debian this target does it)\n" +
                $"  - or set {NginxVariable} to the path of an nginx executable.");
        }

        Information("nginx for the deploy tests: {0} (from {1})", nginx, source);
        Run(nginx.FullPath, new ProcessArgumentBuilder().Append("-v"), throwOnError: false);
        // Child processes (the template tests) read AUTHSITE_NGINX first.
        Environment.SetEnvironmentVariable(NginxVariable, nginx.FullPath);
    });

Task("Postgres")
    .Description("Finds PostgreSQL's server programs for the tests that run sites on PostgreSQL (AUTHSITE_POSTGRES_BIN, PATH, /usr/lib/postgresql/*/bin), installing Debian's package when running as root.")
    .Does(() =>
    {
        Information("Looking for initdb, pg_ctl and postgres: ${0}, then initdb on PATH, then /usr/lib/postgresql/<version>/bin", PostgresBinVariable);
        var bin = FindPostgresBin(out var source);

        if (bin == null && CanInstallDebianPackages())
        {
            // policy-rc.d (see InstallDebianPackages) keeps the package from starting the cluster it creates: the tests
            // start clusters of their own in temp folders, on loopback ports.
            Information("Installing Debian's postgresql with apt-get (running as root on Debian).");
            InstallDebianPackages("postgresql");
            bin = FindPostgresBin(out source);
        }

        if (bin == null)
        {
            throw new CakeException(
                "The PostgreSQL tests (a generated site's tests on PostgreSQL, two instances behind nginx) need PostgreSQL's server programs; they start a cluster of their own in a temp folder. Install them, then run again:\n" +
                "  - Debian/Ubuntu: sudo apt-get install -y postgresql   (as root on Debian this target does it; no system cluster is started)\n" +
                $"  - or set {PostgresBinVariable} to the folder holding initdb, pg_ctl and postgres.");
        }

        Information("PostgreSQL for the tests: {0} (from {1})", bin, source);
        Run(bin.CombineWithFilePath("postgres").FullPath, new ProcessArgumentBuilder().Append("--version"), throwOnError: false);
        // Child processes (the template tests) read AUTHSITE_POSTGRES_BIN first.
        Environment.SetEnvironmentVariable(PostgresBinVariable, bin.FullPath);
    });

Task("Node")
    .Description("Finds Node.js and npm for the engine's Auth.js interop tests (they run Auth.js itself), installing Debian's packages when running as root.")
    .Does(() =>
    {
        var missing = new[] { "node", "npm" }.Where(tool => FindTool(tool) == null).ToArray();
        if (missing.Length > 0 && CanInstallDebianPackages())
        {
            Information("Installing Debian's nodejs and npm with apt-get (running as root on Debian).");
            InstallDebianPackages("nodejs", "npm");
            missing = new[] { "node", "npm" }.Where(tool => FindTool(tool) == null).ToArray();
        }

        if (missing.Length > 0)
        {
            throw new CakeException(
                "The engine's Auth.js interop tests need Node.js 20 or later and npm. Install them, then run again:\n" +
                "  - Debian/Ubuntu: sudo apt-get install -y nodejs npm   (as root on Debian this target does it)");
        }

        Run(FindTool("node").FullPath, new ProcessArgumentBuilder().Append("--version"), throwOnError: false);
    });

Task("Test")
    .Description("Builds, packs, finds a browser, nginx, PostgreSQL and Node.js, runs the engine's tests in place and the template tests (which instantiate, build, test, publish and deploy generated sites) and writes artifacts/test-results/summary.txt.")
    .IsDependentOn("Build")
    .IsDependentOn("Pack")
    .IsDependentOn("Browser")
    .IsDependentOn("Nginx")
    .IsDependentOn("Postgres")
    .IsDependentOn("Node")
    .Does(() =>
    {
        EnsureDirectoryExists(testResultsDir);
        CleanDirectory(testResultsDir);

        string runFailure = null;
        try
        {
            // The engine's own tests run here, once: generated sites test only their own contract.
            DotNetTest(engineTestsProject.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                Loggers = { "trx;LogFileName=AuthSite.AspNetCore.Tests.trx" },
                ResultsDirectory = testResultsDir,
            });
        }
        catch (CakeException ex)
        {
            runFailure = ex.Message;
        }

        try
        {
            DotNetTest(templateTestsProject.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                Loggers = { "trx;LogFileName=AuthTemplate.Tests.trx", "console;verbosity=normal" },
                ResultsDirectory = testResultsDir,
            });
        }
        catch (CakeException ex)
        {
            runFailure = ex.Message;
        }

        Information("Counting every test run from the TRX files under {0}", root.GetRelativePath(testResultsDir));
        var all = CountTrx(GetFiles(testResultsDir.FullPath + "/**/*.trx").OrderBy(f => f.FullPath, StringComparer.Ordinal), print: true);
        var generated = CountTrx(GetFiles(testResultsDir.FullPath + "/generated/**/*.trx"), print: false);
        var failed = all.Failed;
        if (runFailure != null && failed == 0)
        {
            Warning("A test run failed ({0}) but no TRX reports a failure: counting it as 1 failed.", runFailure);
            failed = 1;
        }

        var summary = $"{all.Passed} passed, {failed} failed";
        System.IO.File.WriteAllText(testResultsDir.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
        Information("Generated solutions: {0} tests executed.", generated.Executed);
        Information(summary);

        if (failed > 0)
        {
            throw new CakeException($"Tests failed: {summary}. See the output above and the TRX files under {testResultsDir}.");
        }
        if (generated.Executed == 0)
        {
            throw new CakeException("No test of a generated solution ran: the template tests must build and test the generated sites.");
        }
    });

Task("Demo")
    .Description("Packs, installs into an isolated hive, scaffolds artifacts/demo, builds its site project only and serves it on http://localhost:5000 (Development) until Ctrl+C.")
    .IsDependentOn("Pack")
    .Does(() =>
    {
        foreach (var folder in new[] { hiveDir, demoDir }.Where(DirectoryExists))
        {
            DeleteDirectory(folder, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
        DotNetNew("install", FindPackage(packagesDir, PackageId).FullPath, "--debug:custom-hive", hiveDir.FullPath);
        // No restore of the whole solution (its test projects): building the site restores what the site needs.
        DotNetNew("authsite", "-n", "DemoSite", "-o", demoDir.FullPath, "--no-restore", "--no-update-check", "--debug:custom-hive", hiveDir.FullPath);
        var project = demoDir.CombineWithFilePath("src/DemoSite/DemoSite.csproj");
        DotNetBuild(project.FullPath, new DotNetBuildSettings { NoLogo = true });

        const string url = "http://localhost:5000";
        Information("");
        Information("================================================================");
        Information(" AuthSite demo: {0}   (Development; Ctrl+C stops it)", url);
        Information("");
        Information(" Demo accounts            password      role");
        Information("   user@example.com       Password1!    user");
        Information("   admin@example.com      Password1!    admin");
        Information("");
        Information(" Source: {0}", demoDir);
        Information("================================================================");
        Information("");

        // The console is inherited, so the site's logs show and Ctrl+C reaches it.
        Run("dotnet", new ProcessArgumentBuilder().Append("run").Append("--project").AppendQuoted(project.FullPath)
                .Append("--no-build").Append("--no-launch-profile").Append("--").Append("--urls").Append(url),
            environment: new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
    });

Task("Default")
    .Description("Same as Test.")
    .IsDependentOn("Test");

RunTarget(target);
