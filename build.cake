// Cake build for the AuthSite template package.
//
//   dotnet tool restore && dotnet cake --target=Test     build, pack, find a browser and nginx, run every test
//   dotnet tool restore && dotnet cake --target=Demo     scaffold a site from the package and serve it
//
// Targets: Clean, Build, Pack, Install, Browser, Nginx, Test (default), Demo, and Bench (bench/bench.cake).
// Arguments (or environment variables of the same name): --target, --configuration.

#load "bench/bench.cake"

using System.Diagnostics;
using System.Xml;

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
var templateSolution = root.CombineWithFilePath("templates/AuthSite/Company.WebApplication1.slnx");
var templateProject = root.CombineWithFilePath("AuthTemplate.csproj");
var templateTestsProject = root.CombineWithFilePath("tests/AuthTemplate.Tests/AuthTemplate.Tests.csproj");
const string PackageId = "AuthSite.Templates";
const string BrowserVariable = "AUTHSITE_BROWSER";
const string NginxVariable = "AUTHSITE_NGINX";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

// The result of one external command: its exit code and everything it printed (stdout + stderr,
// interleaved as they arrived).
public sealed class CommandResult
{
    public int ExitCode { get; init; }
    public string Output { get; init; } = "";
}

// Runs a process, prints its output line by line as it arrives, and (unless throwOnError is
// false) throws with that output when it exits non-zero or times out. Output is read through
// events and the wait is bounded, so build-server processes that inherit our pipes (MSBuild
// nodes, the compiler server) cannot make it hang.
CommandResult Run(
    string fileName,
    IEnumerable<string> arguments,
    DirectoryPath workingDirectory = null,
    IDictionary<string, string> environment = null,
    bool throwOnError = true,
    TimeSpan? timeout = null)
{
    var args = arguments.ToList();
    var display = fileName + " " + string.Join(" ", args.Select(a => a.Contains(' ') || a.Length == 0 ? "\"" + a + "\"" : a));
    Information("> {0}", display);

    var psi = new ProcessStartInfo(fileName)
    {
        WorkingDirectory = (workingDirectory ?? root).FullPath,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        RedirectStandardInput = false,
        UseShellExecute = false,
    };
    foreach (var a in args)
    {
        psi.ArgumentList.Add(a);
    }
    if (environment != null)
    {
        foreach (var pair in environment)
        {
            psi.Environment[pair.Key] = pair.Value;
        }
    }

    var output = new System.Text.StringBuilder();
    var gate = new object();
    var stdoutDone = new System.Threading.ManualResetEventSlim();
    var stderrDone = new System.Threading.ManualResetEventSlim();
    long lastOutputTicks = DateTime.UtcNow.Ticks;
    void OnLine(string line, System.Threading.ManualResetEventSlim done)
    {
        if (line == null)
        {
            done.Set();
            return;
        }
        lock (gate)
        {
            output.AppendLine(line);
            Console.WriteLine(line);
        }
        System.Threading.Interlocked.Exchange(ref lastOutputTicks, DateTime.UtcNow.Ticks);
    }

    using var process = new Process { StartInfo = psi };
    process.OutputDataReceived += (_, e) => OnLine(e.Data, stdoutDone);
    process.ErrorDataReceived += (_, e) => OnLine(e.Data, stderrDone);
    try
    {
        process.Start();
    }
    catch (System.ComponentModel.Win32Exception ex)
    {
        if (!throwOnError)
        {
            return new CommandResult { ExitCode = -1, Output = ex.Message };
        }
        throw new CakeException($"Could not start '{fileName}': {ex.Message}");
    }
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();

    var limit = timeout ?? TimeSpan.FromHours(2);
    if (!process.WaitForExit((int)Math.Min(limit.TotalMilliseconds, int.MaxValue)))
    {
        try { process.Kill(entireProcessTree: true); } catch { }
        var partial = output.ToString();
        if (!throwOnError)
        {
            return new CommandResult { ExitCode = -1, Output = partial };
        }
        throw new CakeException($"Timed out after {limit} : {display}\n{Tail(partial, 400)}");
    }
    // Drain what is still buffered, but never wait long on a grandchild that kept the pipe open
    // (idle MSBuild nodes and the compiler server live on after `dotnet build` returns).
    var drainUntil = DateTime.UtcNow.AddSeconds(10);
    System.Threading.Interlocked.Exchange(ref lastOutputTicks, DateTime.UtcNow.Ticks); // silence is measured from the exit
    while (!(stdoutDone.IsSet && stderrDone.IsSet) && DateTime.UtcNow < drainUntil
        && DateTime.UtcNow - new DateTime(System.Threading.Interlocked.Read(ref lastOutputTicks), DateTimeKind.Utc) < TimeSpan.FromSeconds(1))
    {
        System.Threading.Thread.Sleep(50);
    }

    string text;
    lock (gate)
    {
        text = output.ToString();
    }
    var result = new CommandResult { ExitCode = process.ExitCode, Output = text };
    if (result.ExitCode != 0 && throwOnError)
    {
        throw new CakeException(
            $"Command failed with exit code {result.ExitCode}: {display}\n" +
            "---- output ----\n" + Tail(text, 400) + "---- end of output ----");
    }
    return result;
}

CommandResult Dotnet(params string[] arguments) => Run("dotnet", arguments);

static string Tail(string text, int lines)
{
    var all = text.Replace("\r\n", "\n").Split('\n');
    if (all.Length <= lines)
    {
        return text;
    }
    return $"(last {lines} of {all.Length} lines; full output above)\n" + string.Join("\n", all.Skip(all.Length - lines));
}

FilePath FindPackage()
{
    var packages = GetFiles(packagesDir.FullPath + "/" + PackageId + ".*.nupkg")
        .OrderByDescending(f => System.IO.File.GetLastWriteTimeUtc(f.FullPath))
        .ToList();
    if (packages.Count == 0)
    {
        throw new CakeException($"No {PackageId} package in {packagesDir}: run `dotnet cake --target=Pack` first.");
    }
    return packages[0];
}

// Returns the full path of an executable named `name` on PATH, or null.
static string Which(string name)
{
    var path = Environment.GetEnvironmentVariable("PATH") ?? "";
    foreach (var dir in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
    {
        var candidate = System.IO.Path.Combine(dir, name);
        if (System.IO.File.Exists(candidate))
        {
            return candidate;
        }
    }
    return null;
}

// The nginx lookup of the Nginx target: AUTHSITE_NGINX; nginx on PATH; /usr/sbin/nginx (Debian's package puts it
// there, which a non-root PATH often lacks). The deploy tests look in the same order.
string FindNginx(out string source)
{
    var fromEnv = Environment.GetEnvironmentVariable(NginxVariable);
    if (!string.IsNullOrWhiteSpace(fromEnv))
    {
        if (!System.IO.File.Exists(fromEnv))
        {
            throw new CakeException($"{NginxVariable} is set to '{fromEnv}', but no such file exists. Point it at an nginx executable or unset it.");
        }
        source = $"${NginxVariable}";
        return fromEnv;
    }

    var found = Which("nginx") ?? (System.IO.File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : null);
    source = found == null ? null : "the system";
    return found;
}

bool CanInstallDebianPackages() => System.IO.File.Exists("/etc/debian_version") && IsRoot() && Which("apt-get") != null;

bool aptUpdated = false;

// apt-get install as root on Debian, without starting any service the packages bring: Debian's nginx package starts
// nginx on port 80 unless /usr/sbin/policy-rc.d forbids it (exit 101). Containers usually ship such a file; elsewhere one
// is put in place for the length of the install, then removed.
void InstallDebianPackages(params string[] packages)
{
    var aptEnv = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
    if (!aptUpdated)
    {
        Run("apt-get", new[] { "-q", "update" }, environment: aptEnv, timeout: TimeSpan.FromMinutes(15));
        aptUpdated = true;
    }

    const string policy = "/usr/sbin/policy-rc.d";
    var ownPolicy = !System.IO.File.Exists(policy);
    if (ownPolicy)
    {
        Information("Writing {0} (exit 101) so that the packages start no service; it is removed after the install.", policy);
        System.IO.File.WriteAllText(policy, "#!/bin/sh\n# build.cake: no service starts during its apt-get install.\nexit 101\n");
        System.IO.File.SetUnixFileMode(policy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
    try
    {
        Run("apt-get", new[] { "-q", "install", "-y" }.Concat(packages), environment: aptEnv, timeout: TimeSpan.FromMinutes(30));
    }
    finally
    {
        if (ownPolicy)
        {
            System.IO.File.Delete(policy);
        }
    }
}

// The browser lookup shared by the Browser target (also used after each install attempt).
// Order: AUTHSITE_BROWSER; Playwright's own downloaded Chromium; the system's Chromium/Chrome.
string FindBrowser(out string source)
{
    var fromEnv = Environment.GetEnvironmentVariable(BrowserVariable);
    if (!string.IsNullOrWhiteSpace(fromEnv))
    {
        if (!System.IO.File.Exists(fromEnv))
        {
            throw new CakeException($"{BrowserVariable} is set to '{fromEnv}', but no such file exists. Point it at a Chromium/Chrome executable or unset it.");
        }
        source = $"${BrowserVariable}";
        return fromEnv;
    }

    var playwrightCache = Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH");
    if (string.IsNullOrEmpty(playwrightCache) || playwrightCache == "0")
    {
        playwrightCache = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
    }
    if (System.IO.Directory.Exists(playwrightCache))
    {
        var playwrightChrome = System.IO.Directory.GetDirectories(playwrightCache, "chromium*")
            .Where(d => !System.IO.Path.GetFileName(d).Contains("headless_shell"))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .SelectMany(d => System.IO.Directory.GetDirectories(d, "chrome-linux*"))
            .Select(d => System.IO.Path.Combine(d, "chrome"))
            .FirstOrDefault(System.IO.File.Exists);
        if (playwrightChrome != null)
        {
            source = "Playwright's browser cache";
            return playwrightChrome;
        }
    }

    foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
    {
        var found = Which(name);
        if (found != null)
        {
            source = "the system";
            return found;
        }
    }

    source = null;
    return null;
}

// Microsoft.Playwright ships a Node driver in its NuGet package; its cli.js is Playwright's
// installer and needs no PowerShell. Returns the (node, cli.js) pair of the newest cached version.
(string Node, string Cli)? FindPlaywrightInstaller()
{
    var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
    if (string.IsNullOrEmpty(nugetRoot))
    {
        nugetRoot = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
    var packageDir = System.IO.Path.Combine(nugetRoot, "microsoft.playwright");
    if (!System.IO.Directory.Exists(packageDir))
    {
        return null;
    }
    var arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";
    foreach (var versionDir in System.IO.Directory.GetDirectories(packageDir).OrderByDescending(d => d, StringComparer.Ordinal))
    {
        var node = System.IO.Path.Combine(versionDir, ".playwright", "node", arch, "node");
        var cli = System.IO.Path.Combine(versionDir, ".playwright", "package", "cli.js");
        if (System.IO.File.Exists(node) && System.IO.File.Exists(cli))
        {
            return (node, cli);
        }
    }
    return null;
}

static bool IsRoot()
{
    try
    {
        // /proc/self/status: "Uid:	<real>	<effective> ..."
        var uidLine = System.IO.File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:"));
        return uidLine != null && uidLine.Split((char[])null, StringSplitOptions.RemoveEmptyEntries)[2] == "0";
    }
    catch
    {
        return Environment.UserName == "root";
    }
}

// TRX: <TestRun><ResultSummary outcome="..."><Counters total= executed= passed= failed= error= timeout= aborted= .../>
sealed class TrxCounts
{
    public string File = "";
    public int Total, Executed, Passed, Failed, NotExecuted;
    public string Outcome = "";
}

TrxCounts ReadTrx(FilePath path)
{
    var doc = new XmlDocument();
    doc.Load(path.FullPath);
    var ns = new XmlNamespaceManager(doc.NameTable);
    ns.AddNamespace("t", "http://microsoft.com/schemas/VisualStudio/TeamTest/2010");
    var summary = doc.SelectSingleNode("/t:TestRun/t:ResultSummary", ns) as XmlElement;
    var counters = doc.SelectSingleNode("/t:TestRun/t:ResultSummary/t:Counters", ns) as XmlElement;
    if (summary == null || counters == null)
    {
        throw new CakeException($"{path} has no ResultSummary/Counters: is it a TRX file?");
    }
    int Attr(string name) => int.TryParse(counters.GetAttribute(name), out var n) ? n : 0;
    return new TrxCounts
    {
        File = root.GetRelativePath(path).FullPath,
        Total = Attr("total"),
        Executed = Attr("executed"),
        Passed = Attr("passed"),
        Failed = Attr("failed") + Attr("error") + Attr("timeout") + Attr("aborted"),
        NotExecuted = Attr("notExecuted"),
        Outcome = summary.GetAttribute("outcome"),
    };
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

Setup(context =>
{
    Information("AuthSite build: target {0}, configuration {1}, repository {2}", target, configuration, root);
});

Task("Clean")
    .Description("Deletes artifacts/ (packages, test results, template-test scratch, demo, hive).")
    .Does(() =>
    {
        Information("Deleting {0}", artifacts);
        if (DirectoryExists(artifacts))
        {
            DeleteDirectory(artifacts, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
    });

Task("Build")
    .Description("Builds the template content in place (templates/AuthSite/Company.WebApplication1.slnx), the package project and the template tests.")
    .Does(() =>
    {
        Information("Building the template content in place: {0}", root.GetRelativePath(templateSolution));
        Dotnet("build", templateSolution.FullPath, "-c", configuration, "-nologo");

        Information("Building the template package project: {0}", root.GetRelativePath(templateProject));
        Dotnet("build", templateProject.FullPath, "-c", configuration, "-nologo");

        Information("Building the template tests: {0}", root.GetRelativePath(templateTestsProject));
        Dotnet("build", templateTestsProject.FullPath, "-c", configuration, "-nologo");
    });

Task("Pack")
    .Description("Packs AuthTemplate.csproj into artifacts/packages/AuthSite.Templates.<version>.nupkg.")
    .IsDependentOn("Build")
    .Does(() =>
    {
        Information("Packing {0} into {1}", root.GetRelativePath(templateProject), root.GetRelativePath(packagesDir));
        EnsureDirectoryExists(packagesDir);
        CleanDirectory(packagesDir);
        Dotnet("pack", templateProject.FullPath, "-c", configuration, "--no-build", "-nologo", "-o", packagesDir.FullPath);
        Information("Package: {0}", FindPackage());
    });

Task("Install")
    .Description("Installs the packed template into your `dotnet new` template list (replaces an older install).")
    .IsDependentOn("Pack")
    .Does(() =>
    {
        var package = FindPackage();
        Information("Looking for an older install of {0}", PackageId);
        var installed = Run("dotnet", new[] { "new", "uninstall" }, throwOnError: false).Output;
        if (installed.Contains(PackageId, StringComparison.OrdinalIgnoreCase))
        {
            Information("Uninstalling the older {0}", PackageId);
            Dotnet("new", "uninstall", PackageId);
        }
        var repoPath = root.FullPath.TrimEnd('/');
        if (installed.Split('\n').Any(l => l.Trim() == repoPath || l.Trim() == repoPath + "/"))
        {
            Information("Uninstalling the template installed from the repository folder {0}", repoPath);
            Dotnet("new", "uninstall", repoPath);
        }
        Information("Installing {0}", package);
        Dotnet("new", "install", package.FullPath);
        Information("Installed. Try: dotnet new authsite -o MySite");
    });

Task("Browser")
    .Description("Finds a Chromium for the Playwright tests (AUTHSITE_BROWSER, Playwright's cache, the system), installing one if needed.")
    .Does(() =>
    {
        Information("Looking for a Chromium: ${0}, then Playwright's browser cache, then chromium / chromium-browser / google-chrome on PATH", BrowserVariable);
        var browser = FindBrowser(out var source);

        if (browser == null)
        {
            Information("No browser found. Trying Playwright's installer (needs the internet).");
            var installer = FindPlaywrightInstaller();
            if (installer == null)
            {
                Information("Skipped: Microsoft.Playwright is not in the NuGet cache yet (the Build target restores it).");
            }
            else
            {
                var result = Run(installer.Value.Node, new[] { installer.Value.Cli, "install", "chromium" },
                    throwOnError: false, timeout: TimeSpan.FromMinutes(15));
                Information(result.ExitCode == 0 ? "Playwright's installer succeeded." : $"Playwright's installer failed (exit code {result.ExitCode}); probably no internet.");
            }
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
        Run(browser, new[] { "--version" }, throwOnError: false, timeout: TimeSpan.FromMinutes(1));
        // Child processes (template tests -> generated end-to-end tests) resolve AUTHSITE_BROWSER first.
        Environment.SetEnvironmentVariable(BrowserVariable, browser);
    });

Task("Nginx")
    .Description("Finds nginx and openssl for the deploy tests (AUTHSITE_NGINX, PATH, /usr/sbin/nginx), installing Debian's packages when running as root.")
    .Does(() =>
    {
        Information("Looking for nginx: ${0}, then nginx on PATH, then /usr/sbin/nginx; and for openssl on PATH", NginxVariable);
        var nginx = FindNginx(out var source);
        var missing = new List<string>();
        if (nginx == null)
        {
            missing.Add("nginx");
        }
        if (Which("openssl") == null)
        {
            missing.Add("openssl");
        }

        if (missing.Count > 0 && CanInstallDebianPackages())
        {
            Information("Installing Debian's {0} with apt-get (running as root on Debian).", string.Join(" and ", missing));
            InstallDebianPackages(missing.ToArray());
            nginx = FindNginx(out source);
            // A policy-rc.d of the machine's own may let the package start Debian's nginx on port 80: stop that one.
            if (nginx != null && missing.Contains("nginx") && System.IO.File.Exists("/run/nginx.pid"))
            {
                Information("The package started Debian's nginx service; stopping it (the tests start their own).");
                Run(nginx, new[] { "-s", "quit" }, throwOnError: false, timeout: TimeSpan.FromMinutes(1));
            }
        }

        if (nginx == null || Which("openssl") == null)
        {
            throw new CakeException(
                "The deploy tests need nginx (a TLS proxy in front of the published site) and openssl (its certificate, and the README's secret). Install them, then run again:\n" +
                "  - Debian/Ubuntu: sudo apt-get install -y nginx openssl   (as root on Debian this target does it)\n" +
                $"  - or set {NginxVariable} to the path of an nginx executable.");
        }

        Information("nginx for the deploy tests: {0} (from {1})", nginx, source);
        Run(nginx, new[] { "-v" }, throwOnError: false, timeout: TimeSpan.FromMinutes(1));
        // Child processes (the template tests) read AUTHSITE_NGINX first.
        Environment.SetEnvironmentVariable(NginxVariable, nginx);
    });

Task("Test")
    .Description("Builds, packs, finds a browser and nginx, runs the template tests (which instantiate, build, test, publish and deploy generated sites) and writes artifacts/test-results/summary.txt.")
    .IsDependentOn("Build")
    .IsDependentOn("Pack")
    .IsDependentOn("Browser")
    .IsDependentOn("Nginx")
    .Does(() =>
    {
        Information("Cleaning {0}", root.GetRelativePath(testResultsDir));
        EnsureDirectoryExists(testResultsDir);
        CleanDirectory(testResultsDir);

        Information("Running the template tests: {0}", root.GetRelativePath(templateTestsProject));
        var run = Run("dotnet", new[]
        {
            "test", templateTestsProject.FullPath,
            "-c", configuration,
            "--no-build",
            "--logger", "trx;LogFileName=AuthTemplate.Tests.trx",
            "--logger", "console;verbosity=normal",
            "--results-directory", testResultsDir.FullPath,
        }, throwOnError: false);

        Information("Counting every test run from the TRX files under {0}", root.GetRelativePath(testResultsDir));
        var files = GetFiles(testResultsDir.FullPath + "/**/*.trx").OrderBy(f => f.FullPath, StringComparer.Ordinal).ToList();
        var counts = files.Select(ReadTrx).ToList();
        foreach (var c in counts)
        {
            Information("  {0}: {1} passed, {2} failed, {3} not executed ({4})", c.File, c.Passed, c.Failed, c.NotExecuted, c.Outcome);
        }
        var passed = counts.Sum(c => c.Passed);
        var failed = counts.Sum(c => c.Failed);
        // A run that aborted (crashed test host) may report no failed test: count it as one.
        failed += counts.Count(c => c.Failed == 0 && (c.Outcome == "Aborted" || c.Outcome == "Error"));
        var generated = counts.Where(c => c.File.Contains("/generated/")).ToList();
        var generatedExecuted = generated.Sum(c => c.Executed);
        if (run.ExitCode != 0 && failed == 0)
        {
            Warning("The template test run exited with code {0} but no TRX reports a failure: counting it as 1 failed.", run.ExitCode);
            failed = 1;
        }

        var summary = $"{passed} passed, {failed} failed";
        System.IO.File.WriteAllText(testResultsDir.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
        Information("Generated solutions: {0} TRX files, {1} tests executed.", generated.Count, generatedExecuted);
        Information("Summary written to {0}", root.GetRelativePath(testResultsDir.CombineWithFilePath("summary.txt")));
        Information(summary);

        if (failed > 0)
        {
            throw new CakeException($"Tests failed: {summary}. See the output above and the TRX files under {testResultsDir}.");
        }
        if (generatedExecuted == 0)
        {
            throw new CakeException("No test of a generated solution ran: the template tests must build and test the generated sites.");
        }
    });

Task("Demo")
    .Description("Packs, installs into an isolated hive, scaffolds artifacts/demo and serves it on http://localhost:5000 (Development) until Ctrl+C.")
    .IsDependentOn("Pack")
    .Does(() =>
    {
        var package = FindPackage();
        Information("Installing {0} into the isolated template hive {1}", package.GetFilename(), root.GetRelativePath(hiveDir));
        if (DirectoryExists(hiveDir))
        {
            DeleteDirectory(hiveDir, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
        Dotnet("new", "install", package.FullPath, "--debug:custom-hive", hiveDir.FullPath);

        Information("Scaffolding a site named DemoSite into {0}", root.GetRelativePath(demoDir));
        if (DirectoryExists(demoDir))
        {
            DeleteDirectory(demoDir, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
        Dotnet("new", "authsite", "-n", "DemoSite", "-o", demoDir.FullPath, "--no-update-check", "--debug:custom-hive", hiveDir.FullPath);

        var project = demoDir.Combine("src/DemoSite");
        Information("Building {0}", root.GetRelativePath(project));
        Dotnet("build", project.FullPath, "-nologo");

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

        // Inherit the console so the site's logs show and Ctrl+C reaches it.
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = demoDir.FullPath,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "run", "--project", project.FullPath, "--no-build", "--no-launch-profile", "--", "--urls", url })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        Information("> dotnet {0}", string.Join(" ", psi.ArgumentList));
        using var site = Process.Start(psi);
        site.WaitForExit();
        Information("The demo site stopped (exit code {0}).", site.ExitCode);
    });

Task("Default")
    .Description("Same as Test.")
    .IsDependentOn("Test");

RunTarget(target);
