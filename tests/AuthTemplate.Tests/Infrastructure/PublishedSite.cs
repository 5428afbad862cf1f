namespace AuthTemplate.Tests.Infrastructure;

/// <summary>A generated site published with its README's <c>dotnet publish</c> command.</summary>
/// <param name="Site">The generated site it was published from.</param>
/// <param name="Readme">The site's README's deploy commands.</param>
/// <param name="Directory">The publish folder (the command's <c>-o</c>), under the template tests' scratch folder.</param>
/// <param name="Dll">The dll the README's systemd unit starts, in <paramref name="Directory"/>.</param>
internal sealed record PublishedSite(GeneratedSite Site, DeployReadme Readme, string Directory, string Dll)
{
    private static readonly TimeSpan UsersCommandTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The README's systemd <c>ExecStart</c>: <c>dotnet &lt;dll&gt; --urls http://127.0.0.1:0</c>, on a port Kestrel picks
    /// (<see cref="SiteHost.WaitUntilStarted"/> reads it). Stopped by PID when disposed.
    /// </summary>
    public ServerProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string logFile) =>
        ServerProcess.Start("dotnet", [Dll, "--urls", "http://127.0.0.1:0"], workingDirectory, environment, logFile, terminate: true);

    /// <summary>
    /// The README's <c>dotnet &lt;dll&gt; db migrate</c>, as a deploy step runs it before the site starts; returns its result.
    /// </summary>
    public CommandResult Migrate(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string logFile) =>
        CommandRunner.Run("dotnet", [Dll, "db", "migrate"], workingDirectory, UsersCommandTimeout, logFile, environment);

    /// <summary>
    /// The README's users command, <c>dotnet &lt;dll&gt; users add &lt;email&gt; [--role &lt;role&gt;]</c>, with the password on
    /// standard input; asserts that it succeeds.
    /// </summary>
    public void AddUser(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string email, string? role, string password, string logFile)
    {
        List<string> arguments = [Dll, "users", "add", email];
        if (role != null)
        {
            arguments.AddRange(["--role", role]);
        }

        var result = CommandRunner.Run("dotnet", arguments, workingDirectory, UsersCommandTimeout, logFile, environment, password + "\n");
        Assert.True(result.Succeeded, "The users command failed.\n" + result.Describe());
    }
}
