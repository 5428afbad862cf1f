using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>What the home page answered when a generated site was started the way its README starts it.</summary>
/// <param name="Command">The command that started the site.</param>
/// <param name="Status">The status of `GET /`, or null when the site never answered.</param>
/// <param name="Body">The response body ("" when it never answered).</param>
/// <param name="Output">The site's console output up to the moment it was stopped.</param>
/// <param name="Duration">From the start until the answer (or the give-up).</param>
internal sealed record SiteStartResult(string Command, HttpStatusCode? Status, string Body, string Output, TimeSpan Duration)
{
    /// <summary>A failure message: the command, the answer and the tail of the site's output.</summary>
    public string Describe() =>
        $"`{Command}` {(Status is { } status ? $"answered GET / with {(int)status}" : "never answered GET /")} after {Duration:mm\\:ss}.\n"
        + "---- tail of the site's output ----\n"
        + string.Join('\n', Output.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').TakeLast(30));
}

/// <summary>
/// Starts a built site with `dotnet run --no-build` (its real entry point and assembly, unlike the in-process test
/// server) in Development on a free loopback port, asks for `/` until it answers, and stops it again.
/// <c>environment</c> sets variables over the inherited ones (a <see langword="null"/> value removes one), e.g. the
/// connection string of a site on PostgreSQL.
/// </summary>
internal static class SiteStart
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static SiteStartResult GetHomePage(
        string projectFile,
        string workingDirectory,
        TimeSpan timeout,
        string logFile,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var port = FreeLoopbackPort();
        string[] arguments = ["run", "--no-build", "--no-launch-profile", "--project", projectFile];
        var command = CommandRunner.Display("dotnet", arguments);
        var psi = CommandRunner.CreateStartInfo("dotnet", arguments, workingDirectory, environment);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };

        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        HttpStatusCode? status = null;
        var body = "";
        try
        {
            while (stopwatch.Elapsed < timeout && !process.HasExited)
            {
                try
                {
                    using var response = client.GetAsync("/").GetAwaiter().GetResult();
                    status = response.StatusCode;
                    body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                    break;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                    Thread.Sleep(PollInterval);
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(10_000);
        }

        stopwatch.Stop();
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        File.WriteAllText(logFile, $"> {command}\n(cwd {workingDirectory}, port {port})\n{text}\n[GET / -> {(status is { } s ? (int)s : "no answer")}, {stopwatch.Elapsed}]\n");
        return new SiteStartResult(command, status, body, text, stopwatch.Elapsed);

        void Append(string? line)
        {
            if (line == null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    // The kernel's pick of a free port; released at once, so another process could take it first (then the site
    // fails to bind, which the result shows).
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
