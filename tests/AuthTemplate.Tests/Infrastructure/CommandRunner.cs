using System.Diagnostics;
using System.Text;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>What one external command did.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Duration, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>The last <paramref name="lines"/> lines of the output.</summary>
    public string Tail(int lines)
    {
        var all = Output.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        return all.Length <= lines
            ? string.Join('\n', all)
            : $"(last {lines} of {all.Length} lines)\n" + string.Join('\n', all[^lines..]);
    }

    /// <summary>A failure message: the command, how it ended, the compiler/test errors and the tail of its output.</summary>
    public string Describe(int tailLines = 60)
    {
        var how = TimedOut ? $"timed out after {Duration:mm\\:ss}" : $"exited with code {ExitCode} after {Duration:mm\\:ss}";
        var errors = Output.Replace("\r\n", "\n").Split('\n')
            .Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.TrimStart().StartsWith("Failed ", StringComparison.Ordinal))
            .Distinct()
            .Take(30)
            .ToList();
        var builder = new StringBuilder();
        builder.AppendLine($"`{Command}` {how}.");
        if (errors.Count > 0)
        {
            builder.AppendLine("---- errors ----");
            errors.ForEach(e => builder.AppendLine(e.Trim()));
        }
        builder.AppendLine("---- tail of the output ----");
        builder.AppendLine(Tail(tailLines));
        return builder.ToString();
    }
}

/// <summary>
/// Runs external commands (dotnet new/build/test) with a timeout, capturing stdout and stderr together.
/// Output is read through events and the wait is bounded, so build servers that inherit the pipes
/// (MSBuild nodes, the compiler server) cannot make a test hang.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Runs a command to its end (or its timeout) and returns its exit code and output.</summary>
    /// <param name="fileName">The executable, looked up on PATH.</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell quoting).</param>
    /// <param name="workingDirectory">The folder it starts in.</param>
    /// <param name="timeout">How long it may run before its process tree is killed (<see cref="CommandResult.TimedOut"/>).</param>
    /// <param name="logFile">Where to write the command line and its output, or <see langword="null"/>.</param>
    /// <param name="environment">Variables to set over the inherited ones; a <see langword="null"/> value removes one.</param>
    /// <param name="standardInput">Written to the command's standard input, which is then closed; <see langword="null"/> leaves it inherited.</param>
    public static CommandResult Run(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        string? logFile = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null)
    {
        var display = Display(fileName, arguments);
        var psi = CreateStartInfo(fileName, arguments, workingDirectory, environment);
        psi.RedirectStandardInput = standardInput != null;

        var output = new StringBuilder();
        var gate = new object();
        var lastOutputTicks = DateTime.UtcNow.Ticks;
        using var stdoutClosed = new ManualResetEventSlim();
        using var stderrClosed = new ManualResetEventSlim();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data, stdoutClosed);
        process.ErrorDataReceived += (_, e) => Append(e.Data, stderrClosed);

        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput != null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        var exited = process.WaitForExit((int)Math.Min(timeout.TotalMilliseconds, int.MaxValue));
        if (!exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }

        // Drain what is still buffered, but never wait long on a grandchild that kept the pipe open
        // (idle MSBuild nodes and the compiler server live on after `dotnet build` returns).
        var drainUntil = DateTime.UtcNow.AddSeconds(10);
        Interlocked.Exchange(ref lastOutputTicks, DateTime.UtcNow.Ticks); // silence is measured from the exit
        while (!(stdoutClosed.IsSet && stderrClosed.IsSet) && DateTime.UtcNow < drainUntil
            && DateTime.UtcNow - new DateTime(Interlocked.Read(ref lastOutputTicks), DateTimeKind.Utc) < TimeSpan.FromSeconds(1))
        {
            Thread.Sleep(50);
        }

        stopwatch.Stop();

        string text;
        lock (gate)
        {
            text = output.ToString();
        }

        var result = new CommandResult(display, exited ? process.ExitCode : -1, text, stopwatch.Elapsed, !exited);
        if (logFile != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            File.WriteAllText(logFile, $"> {display}\n(cwd {workingDirectory})\n{text}\n[exit code {result.ExitCode}{(exited ? "" : ", timed out")}, {result.Duration}]\n");
        }

        return result;

        void Append(string? line, ManualResetEventSlim closed)
        {
            if (line == null)
            {
                closed.Set();
                return;
            }

            lock (gate)
            {
                output.AppendLine(line);
            }

            Interlocked.Exchange(ref lastOutputTicks, DateTime.UtcNow.Ticks);
        }
    }

    /// <summary>The command line as the logs show it: arguments with a space (or empty) in double quotes.</summary>
    public static string Display(string fileName, IReadOnlyList<string> arguments) =>
        fileName + " " + string.Join(' ', arguments.Select(a => a.Contains(' ') || a.Length == 0 ? $"\"{a}\"" : a));

    /// <summary>
    /// A start info with stdout and stderr redirected, the test host's MSBuild variables removed, the .NET CLI's
    /// first-run noise off, and <paramref name="environment"/> applied (a <see langword="null"/> value removes a variable).
    /// </summary>
    public static ProcessStartInfo CreateStartInfo(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        // Under `dotnet test` the test host inherits MSBuild's variables; a nested build must pick its own.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(key);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        return psi;
    }
}
