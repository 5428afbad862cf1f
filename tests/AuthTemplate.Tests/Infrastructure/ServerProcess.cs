using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// A long-running process a test starts (a site, nginx): its stdout and stderr are kept together, a test can wait for a
/// line, and <see cref="Dispose"/> stops it and every process it started, by its PID, then writes its output to a log.
/// Start one in a <c>using</c> so it is stopped when the test fails too.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int SigTerm = 15;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();
    private readonly string? _logFile;
    private readonly bool _terminate;
    private bool _disposed;

    private ServerProcess(Process process, string command, string workingDirectory, string? logFile, bool terminate)
    {
        _process = process;
        Command = command;
        WorkingDirectory = workingDirectory;
        _logFile = logFile;
        _terminate = terminate;
    }

    /// <summary>The command line, for messages.</summary>
    public string Command { get; }

    public string WorkingDirectory { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything it printed so far, stdout and stderr interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with the environment rules of <see cref="CommandRunner.CreateStartInfo"/>.</summary>
    /// <param name="logFile">Where <see cref="Dispose"/> writes the command and its output, or <see langword="null"/>.</param>
    /// <param name="terminate">
    /// Whether <see cref="Dispose"/> first asks the process to stop with SIGTERM and gives it <see cref="StopTimeout"/>:
    /// nginx and ASP.NET Core then stop their workers and connections themselves. Leave it off for a shell, which would
    /// exit and leave its children running.
    /// </param>
    public static ServerProcess Start(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? logFile = null,
        bool terminate = false)
    {
        var process = new Process { StartInfo = CommandRunner.CreateStartInfo(fileName, arguments, workingDirectory, environment) };
        var server = new ServerProcess(process, CommandRunner.Display(fileName, arguments), workingDirectory, logFile, terminate);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Waits until the output matches <paramref name="pattern"/> and returns the match. Throws, with the output, when the
    /// process exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public Match WaitForOutput(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (true)
            {
                var match = pattern.Match(_output.ToString());
                if (match.Success)
                {
                    return match;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited)
                {
                    // The exit may come before its last lines are read: take them first.
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(500));
                    match = pattern.Match(_output.ToString());
                    if (match.Success)
                    {
                        return match;
                    }

                    var how = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"was still running after {timeout.TotalSeconds:0} s";
                    throw new InvalidOperationException($"`{Command}` (in {WorkingDirectory}) {how} without printing /{pattern}/.\n{Describe()}");
                }

                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>The command and the last <paramref name="tailLines"/> lines of its output, for failure messages.</summary>
    public string Describe(int tailLines = 60)
    {
        var lines = Output.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var tail = lines.Length <= tailLines ? lines : lines[^tailLines..];
        return $"---- output of `{Command}` ----\n{string.Join('\n', tail)}\n---- end of output ----";
    }

    /// <summary>
    /// Stops the process (SIGTERM first when it was started with <c>terminate</c>), then kills whatever is left of it and
    /// of everything it started, by PID; waits for it and writes the log.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_terminate && !_process.HasExited && Kill(_process.Id, SigTerm) == 0)
        {
            _process.WaitForExit(StopTimeout);
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        _process.WaitForExit(StopTimeout);
        if (_logFile != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_logFile)!);
            File.WriteAllText(_logFile, $"> {Command}\n(cwd {WorkingDirectory}, pid {_process.Id})\n{Output}");
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void Append(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
            Monitor.PulseAll(_gate);
        }
    }
}
