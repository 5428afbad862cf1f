using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// A disposable PostgreSQL cluster: <c>initdb</c> in a temp folder of its own (trust authentication, superuser
/// <c>postgres</c>), then <c>postgres</c> on a free loopback port with its Unix socket in that folder, durability off
/// (a test cluster has nothing to keep). PostgreSQL refuses to run as root: when the tests do, the folder is given to
/// <c>nobody</c> and <c>initdb</c>, <c>postgres</c> and <c>pg_ctl</c> run as that user through <c>setpriv</c>, which
/// execs them in place, so the PID kept is the server's own. <see cref="Dispose"/> stops it with <c>pg_ctl stop -m fast</c>,
/// then by PID, and deletes the folder. The binaries are found as the Cake <c>Postgres</c> target finds them
/// (<see cref="FindBinDirectory"/>).
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    /// <summary>The environment variable that names the folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</summary>
    public const string BinVariable = "AUTHSITE_POSTGRES_BIN";

    /// <summary>The superuser <c>initdb</c> creates; it signs in without a password (trust, loopback only).</summary>
    public const string User = "postgres";

    /// <summary>The maintenance database every cluster has, from which other databases are created.</summary>
    public const string MaintenanceDatabase = "postgres";

    // The unprivileged account the cluster runs as when the tests run as root.
    private const string UnprivilegedUser = "nobody";

    private static readonly TimeSpan InitTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private const int StartAttempts = 3;

    private readonly string _binDirectory;
    private readonly (uint Uid, uint Gid)? _runAs;
    private readonly ServerProcess _process;
    private bool _disposed;

    private PostgresServer(string directory, string binDirectory, (uint Uid, uint Gid)? runAs, ServerProcess process, int port)
    {
        Directory = directory;
        _binDirectory = binDirectory;
        _runAs = runAs;
        _process = process;
        Port = port;
    }

    /// <summary>The cluster's folder (data folder <c>data/</c>, the server's socket); deleted on <see cref="Dispose"/>.</summary>
    public string Directory { get; }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The connection string of the maintenance database (<c>postgres</c>), as the site's tests take it.</summary>
    public string MaintenanceConnectionString => ConnectionString(MaintenanceDatabase);

    /// <summary>The server's log so far (for failure messages).</summary>
    public string Describe() => _process.Describe();

    /// <summary>
    /// An Npgsql connection string for <paramref name="database"/> on this server: <c>Host=127.0.0.1;Port=…;
    /// Username=postgres;Database=…</c>, no password (trust), pooling off so that nothing keeps a connection open after use.
    /// </summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Creates an empty database named <paramref name="name"/> (lower-case letters, digits and <c>_</c>, up to 63
    /// characters) and returns its connection string. Throws <see cref="ArgumentException"/> for another name and
    /// <see cref="PostgresException"/> when it exists.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (name.Length is 0 or > 63 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            throw new ArgumentException($"'{name}' is not a plain database name (a-z, 0-9, _; 1 to 63 characters).", nameof(name));
        }

        await using var connection = new NpgsqlConnection(MaintenanceConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>
    /// The folder with <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>: <c>$AUTHSITE_POSTGRES_BIN</c>, else the folder of
    /// an <c>initdb</c> on PATH (resolving Debian's links to it), else the newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>.
    /// Throws with how to install PostgreSQL when there is none.
    /// </summary>
    public static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(BinVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return HasServerTools(configured)
                ? configured
                : throw new InvalidOperationException($"{BinVariable} is set to '{configured}', which holds no initdb, pg_ctl and postgres.");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => new FileInfo(Path.Combine(dir, "initdb")))
            .Where(file => file.Exists)
            .Select(file => Path.GetDirectoryName(file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName)!);
        var debian = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        return onPath.Concat(debian).FirstOrDefault(HasServerTools) ?? throw new InvalidOperationException(
            "No PostgreSQL server found for the tests that run sites on PostgreSQL (they start a cluster of their own in a temp folder). Install it, then run again:\n" +
            "  - Debian/Ubuntu: sudo apt-get install -y postgresql   (`dotnet cake --target=Test` does this itself when it runs as root on Debian)\n" +
            $"  - or set {BinVariable} to the folder holding initdb, pg_ctl and postgres.");
    }

    /// <summary>
    /// Creates a cluster in a new temp folder, starts its server on a free loopback port and waits until it accepts
    /// connections. Throws, with the server's output, when it does not.
    /// </summary>
    /// <param name="logFile">Where to write the server's log when it stops, or <see langword="null"/>.</param>
    public static async Task<PostgresServer> StartAsync(string? logFile = null)
    {
        var bin = FindBinDirectory();
        var directory = System.IO.Directory.CreateTempSubdirectory("authsite-postgres-").FullName;
        try
        {
            var runAs = Environment.IsPrivilegedProcess ? Unprivileged(directory) : ((uint, uint)?)null;
            var data = Path.Combine(directory, "data");
            var initdb = RunAs(runAs, Path.Combine(bin, "initdb"), ["-D", data, "-U", User, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            var init = CommandRunner.Run(initdb.FileName, initdb.Arguments, directory, InitTimeout);
            if (!init.Succeeded)
            {
                throw new InvalidOperationException("initdb could not create the test cluster.\n" + init.Describe());
            }

            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var postgres = RunAs(runAs, Path.Combine(bin, "postgres"),
                [
                    "-D", data, "-p", port.ToString(), "-k", directory,
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                    "-c", "max_connections=200",
                ]);
                var process = ServerProcess.Start(postgres.FileName, postgres.Arguments, directory, logFile: logFile, terminate: true);
                var server = new PostgresServer(directory, bin, runAs, process, port);
                if (await server.WaitUntilReadyAsync())
                {
                    return server;
                }

                process.Dispose();
                // Another process may have taken the port between our check and the server's bind: try another one.
                if (attempt < StartAttempts && process.Output.Contains("already in use", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidOperationException($"PostgreSQL did not start on 127.0.0.1:{port}.\n{process.Describe()}");
            }
        }
        catch
        {
            TemplateFixture.DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>, then by PID whatever is left) and deletes its folder.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            var stop = RunAs(_runAs, Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", Path.Combine(Directory, "data"), "-m", "fast", "-w", "-t", ((int)StopTimeout.TotalSeconds).ToString()]);
            CommandRunner.Run(stop.FileName, stop.Arguments, Directory, StopTimeout + TimeSpan.FromSeconds(5));
        }

        _process.Dispose();
        TemplateFixture.DeleteDirectory(Directory);
    }

    private static bool HasServerTools(string directory) =>
        new[] { "initdb", "pg_ctl", "postgres" }.All(tool => File.Exists(Path.Combine(directory, tool)));

    // Polls with a real connection until the server answers, it exits, or StartTimeout passes.
    private async Task<bool> WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                await using var connection = new NpgsqlConnection(MaintenanceConnectionString);
                await connection.OpenAsync();
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or SocketException)
            {
                // Not listening yet, or still starting up ("the database system is starting up").
                await Task.Delay(100);
            }
        }

        return false;
    }

    // The command that runs `fileName` as `runAs` (setpriv execs it, keeping its PID), or as this process's user.
    private static (string FileName, IReadOnlyList<string> Arguments) RunAs((uint Uid, uint Gid)? runAs, string fileName, IReadOnlyList<string> arguments) =>
        runAs is { } user
            ? ("setpriv", [$"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", fileName, .. arguments])
            : (fileName, arguments);

    // Gives the folder to the unprivileged user and returns its ids.
    private static (uint Uid, uint Gid) Unprivileged(string directory)
    {
        var entry = GetPasswordEntry(UnprivilegedUser);
        if (entry == IntPtr.Zero)
        {
            throw new InvalidOperationException($"PostgreSQL will not run as root, and there is no '{UnprivilegedUser}' user to run it as.");
        }

        // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
        var uid = (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
        var gid = (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size + sizeof(uint));
        if (ChangeOwner(directory, uid, gid) != 0)
        {
            throw new InvalidOperationException($"Could not give {directory} to '{UnprivilegedUser}' (errno {Marshal.GetLastPInvokeError()}).");
        }

        return (uid, gid);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "getpwnam", SetLastError = true)]
    private static extern IntPtr GetPasswordEntry([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int ChangeOwner([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
}
