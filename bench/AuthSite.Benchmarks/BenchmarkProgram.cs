using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AuthSite.Benchmarks;

/// <summary>
/// Runs the micro benchmarks: <c>dotnet AuthSite.Benchmarks.dll --filter '*'</c> (BenchmarkDotNet's usual switches,
/// e.g. <c>--filter '*Matcher*'</c>, <c>--exporters json</c>, <c>--artifacts DIR</c>);
/// <c>report ...</c> merges a load.sh run into bench/results/latest.md (<see cref="ReportWriter"/>).
/// </summary>
/// <remarks>
/// One short job, in process: 3 warm-up and 7 measured iterations, so the suite takes a few minutes on 2 cores,
/// timed with the benchmark thread's CPU time on Linux (<see cref="ThreadCpuClock"/>; <c>--wall-clock</c> to opt out).
/// In process because the default toolchain would rebuild the referenced template project in its own obj/ folder
/// (shared with the template's test chain); load.sh builds this project once into artifacts/bench/build instead.
/// </remarks>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "report")
        {
            return ReportWriter.Run(args[1..]);
        }

        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(7)
            .WithId("Short");

        // Thread CPU time where available (see ThreadCpuClock); --wall-clock keeps BenchmarkDotNet's wall clock.
        var wallClock = args.Contains("--wall-clock");
        args = [.. args.Where(a => a != "--wall-clock")];
        if (!wallClock && ThreadCpuClock.Instance.IsAvailable)
        {
            job = job.WithClock(ThreadCpuClock.Instance);
        }

        var config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddExporter(MarkdownExporter.GitHub)
            .WithOptions(ConfigOptions.JoinSummary);

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
