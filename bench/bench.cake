// The Bench target (issue 6): micro benchmarks + load benchmark, site vs a framework-only baseline.
//
// Meant to be loaded by the repository's build.cake:
//
//     #load "bench/bench.cake"
//
// and then run as
//
//     dotnet tool restore && dotnet cake --target=Bench
//
// It runs bench/load.sh (which builds everything, runs BenchmarkDotNet and wrk, and writes
// bench/results/latest.md) and prints the report. Self-contained: it uses Cake's built-ins only, and
// every name it declares starts with "Bench" so that nothing clashes with build.cake's own helpers.
// Settings pass through the environment (BENCH_DURATION, BENCH_SKIP_MICRO, ...; see bench/README.md).

// The repository root: the first folder, from Cake's working directory up, that holds bench/load.sh.
DirectoryPath BenchRepositoryRoot()
{
    var directory = new System.IO.DirectoryInfo(Context.Environment.WorkingDirectory.FullPath);
    for (; directory != null; directory = directory.Parent)
    {
        if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "bench", "load.sh")))
        {
            return new DirectoryPath(directory.FullName);
        }
    }

    throw new CakeException("bench/load.sh not found above " + Context.Environment.WorkingDirectory.FullPath);
}

Task("Bench")
    .Description("Runs bench/load.sh (micro benchmarks, then the site and the baseline under wrk) and prints bench/results/latest.md.")
    .Does(() =>
{
    var benchRoot = BenchRepositoryRoot();
    var benchScript = benchRoot.CombineWithFilePath("bench/load.sh");
    // load.sh writes the report to BENCH_OUT when that is set, else to bench/results/latest.md.
    var benchOut = EnvironmentVariable("BENCH_OUT");
    var benchReport = string.IsNullOrEmpty(benchOut) ? benchRoot.CombineWithFilePath("bench/results/latest.md") : new FilePath(benchOut).MakeAbsolute(benchRoot);

    if (IsRunningOnWindows())
    {
        throw new CakeException("The Bench target needs Linux (bash, wrk, /proc); run it on the project's Linux machines.");
    }

    Information("Running {0}", benchScript.FullPath);
    var benchExit = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().AppendQuoted(benchScript.FullPath),
        WorkingDirectory = benchRoot,
        // load.sh prints the report itself when run by hand; here the target prints it once, below.
        EnvironmentVariables = new Dictionary<string, string> { ["BENCH_PRINT_REPORT"] = "0" },
    });
    if (benchExit != 0)
    {
        throw new CakeException("bench/load.sh exited with code " + benchExit + "; its logs are in artifacts/bench/logs.");
    }

    if (!FileExists(benchReport))
    {
        throw new CakeException(benchReport.FullPath + " was not written.");
    }

    Information("");
    Information(System.IO.File.ReadAllText(benchReport.FullPath));
});
