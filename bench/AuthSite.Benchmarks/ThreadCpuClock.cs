using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace AuthSite.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the benchmark thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>) instead of
/// wall time, so that other processes competing for the machine's 2 cores inflate the numbers far less. The benchmarks
/// are CPU-bound and complete synchronously on the calling thread, so CPU time is their cost; the workstation,
/// non-concurrent GC (see the project file) runs collections on that thread too, so GC work is counted.
/// Used on Linux when the call works; elsewhere BenchmarkDotNet's usual wall clock.
/// </summary>
public sealed class ThreadCpuClock : IClock
{
    public static readonly ThreadCpuClock Instance = new();

    private const int ClockThreadCpuTimeId = 3;

    public string Title => "Thread CPU time (clock_gettime CLOCK_THREAD_CPUTIME_ID)";

    public bool IsAvailable
    {
        get
        {
            try
            {
                return OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTimeId, out _) == 0;
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
    }

    public Frequency Frequency => new(1_000_000_000d);

    public long GetTimestamp()
    {
        clock_gettime(ClockThreadCpuTimeId, out var time);
        return time.Seconds * 1_000_000_000L + time.Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
