using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// A real nginx terminating TLS on a free loopback port, with a self-signed certificate that <c>openssl</c> makes for
/// <c>127.0.0.1</c>. Its configuration, certificate, pid file and temp files are in a temp folder of its own, its error
/// and access logs go to its output (the test's log file); <see cref="Dispose"/> stops it by PID and deletes the folder.
/// The nginx is the one the Cake <c>Nginx</c> target found (<c>AUTHSITE_NGINX</c>), or <c>nginx</c> on PATH, or
/// <c>/usr/sbin/nginx</c>.
/// </summary>
internal sealed class NginxProxy : IDisposable
{
    /// <summary>The environment variable that names the nginx executable.</summary>
    public const string Variable = "AUTHSITE_NGINX";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan OpensslTimeout = TimeSpan.FromMinutes(1);
    private const int StartAttempts = 3;

    private readonly string _directory;
    private readonly ServerProcess _process;

    private NginxProxy(string directory, ServerProcess process, int port, X509Certificate2 certificate)
    {
        _directory = directory;
        _process = process;
        Port = port;
        Certificate = certificate;
    }

    /// <summary>The loopback port nginx listens on with TLS.</summary>
    public int Port { get; }

    /// <summary>The origin clients use: <c>https://127.0.0.1:&lt;port&gt;</c>, no trailing slash.</summary>
    public string Origin => $"https://127.0.0.1:{Port}";

    /// <summary>The self-signed certificate nginx presents.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>nginx's output so far: its error log and access log (for failure messages).</summary>
    public string Describe() => _process.Describe();

    /// <summary>
    /// The nginx executable: <c>$AUTHSITE_NGINX</c>, else <c>nginx</c> on PATH, else <c>/usr/sbin/nginx</c> (Debian's
    /// package puts it there, outside a non-root PATH). Throws with how to install one when there is none.
    /// </summary>
    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{Variable} is set to '{configured}', which does not exist.");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "nginx"))
            .Append("/usr/sbin/nginx")
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            "No nginx found for the deploy tests (they put a real nginx terminating TLS in front of the published site). Install it, then run again:\n" +
            "  - Debian/Ubuntu: sudo apt-get install -y nginx   (`dotnet cake --target=Test` does this itself when it runs as root on Debian)\n" +
            $"  - or set {Variable} to the path of an nginx executable.");
    }

    /// <summary>
    /// Starts nginx with one TLS server on a free loopback port whose body is <paramref name="locations"/> (nginx
    /// <c>location</c> blocks), and waits until it accepts connections.
    /// </summary>
    /// <param name="locations">The <c>location</c> blocks, as nginx configuration text.</param>
    /// <param name="logFile">Where to write nginx's error and access logs when it stops, or <see langword="null"/>.</param>
    /// <param name="http">More <c>http</c>-level configuration before the server (an <c>upstream</c> block), or <see langword="null"/>.</param>
    public static NginxProxy Start(string locations, string? logFile = null, string? http = null)
    {
        var nginx = Find();
        var directory = Directory.CreateTempSubdirectory("authsite-nginx-").FullName;
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                // nginx's workers run as `nobody` when it starts as root; they must reach their temp folders in here.
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            var certificate = MakeCertificate(directory);
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var config = Path.Combine(directory, "nginx.conf");
                File.WriteAllText(config, Configuration(directory, port, locations, http ?? ""));
                // -e: the error log before the configuration is read (nginx's default is under /var/log).
                var process = ServerProcess.Start(nginx, ["-p", directory + "/", "-c", config, "-e", "stderr"], directory, logFile: logFile, terminate: true);
                if (WaitUntilListening(process, port))
                {
                    return new NginxProxy(directory, process, port, certificate);
                }

                process.Dispose();
                // Another process may have taken the port between our check and nginx's bind: try another one.
                if (attempt < StartAttempts && process.Output.Contains("Address already in use", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidOperationException($"nginx did not start on 127.0.0.1:{port}.\n{process.Describe()}");
            }
        }
        catch
        {
            TemplateFixture.DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>
    /// A client for <see cref="Origin"/> as a browser would be: cookies kept, redirects not followed, and only this
    /// proxy's own certificate trusted.
    /// </summary>
    public HttpClient CreateClient()
    {
        var expected = Certificate.RawData;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented != null && presented.GetRawCertData().AsSpan().SequenceEqual(expected),
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(Origin + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Stops nginx (master and workers) by PID and deletes its folder.</summary>
    public void Dispose()
    {
        _process.Dispose();
        TemplateFixture.DeleteDirectory(_directory);
        Certificate.Dispose();
    }

    private static string Configuration(string directory, int port, string locations, string http) => $$"""
        daemon off;
        master_process on;
        worker_processes 1;
        pid {{directory}}/nginx.pid;
        error_log stderr notice;

        events {
            worker_connections 64;
        }

        http {
            access_log /dev/stdout;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;

        {{Indent(http, 4)}}

            server {
                listen 127.0.0.1:{{port}} ssl;
                server_name 127.0.0.1;
                ssl_certificate     {{directory}}/site.crt;
                ssl_certificate_key {{directory}}/site.key;

        {{Indent(locations, 8)}}
            }
        }
        """;

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Replace("\r\n", "\n").Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));

    private static X509Certificate2 MakeCertificate(string directory)
    {
        List<string> arguments =
        [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-keyout", Path.Combine(directory, "site.key"),
            "-out", Path.Combine(directory, "site.crt"),
            "-days", "1",
            "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ];
        CommandResult result;
        try
        {
            result = CommandRunner.Run("openssl", arguments, directory, OpensslTimeout);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"Could not run openssl to make the test certificate ({exception.Message}). Install it: sudo apt-get install -y openssl", exception);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException("openssl could not make the test certificate.\n" + result.Describe());
        }

        return X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, "site.crt")));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool WaitUntilListening(ServerProcess process, int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    return false;
                }

                Thread.Sleep(100);
            }
        }

        return false;
    }

}
