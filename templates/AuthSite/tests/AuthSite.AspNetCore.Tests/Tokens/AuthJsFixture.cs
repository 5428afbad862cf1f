using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tokens;

namespace AuthSite.AspNetCore.Tests.Tokens;

/// <summary>
/// Runs Auth.js itself once for <see cref="AuthJsInteropTests"/>: its <c>jwt.decode</c> reads a token our codec made
/// for each valid Auth.js vector, and its <c>jwt.encode</c> makes a token from each vector's payload for our codec to
/// read. <c>@auth/core</c> is pinned by <c>Tokens/AuthJs/package-lock.json</c> and installed with <c>npm ci</c> into
/// the test project's <c>obj/authjs-interop</c> when that lock file was not installed there yet.
/// </summary>
public sealed class AuthJsFixture
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    public AuthJsFixture()
    {
        var folder = InstallAuthJs();

        var request = new JsonObject
        {
            ["decode"] = new JsonArray([.. SessionTokenVectors.InGroup(SessionTokenVectors.AuthJs).Select(vector => new JsonObject
            {
                ["name"] = vector.Name,
                ["token"] = vector.Token,
                ["secrets"] = new JsonArray([.. vector.Secrets.Select(secret => JsonValue.Create(secret))]),
                ["salt"] = vector.Salt,
            })]),
            ["encode"] = new JsonArray(),
        };

        foreach (var vector in ValidVectors)
        {
            var ours = new EncryptedSessionTokenCodec(vector.Secrets, vector.Salt!, TimeProvider.System).Encode(vector.Payload!);
            var secrets = new JsonArray([.. vector.Secrets.Select(secret => JsonValue.Create(secret))]);
            request["decode"]!.AsArray().Add(new JsonObject
            {
                ["name"] = Ours(vector.Name), ["token"] = ours, ["secrets"] = secrets, ["salt"] = vector.Salt,
            });
            request["encode"]!.AsArray().Add(new JsonObject
            {
                ["name"] = vector.Name, ["payload"] = vector.Payload!.DeepClone(), ["secrets"] = secrets.DeepClone(), ["salt"] = vector.Salt,
            });
        }

        var response = JsonNode.Parse(Run(folder, "node", ["interop.mjs"], request.ToJsonString(), RunTimeout))!;
        Decoded = response["decoded"]!.AsObject();
        Encoded = response["encoded"]!.AsObject();
    }

    /// <summary>The valid Auth.js vectors: each one's payload and secrets are encoded both ways.</summary>
    public static IEnumerable<SessionTokenVector> ValidVectors =>
        SessionTokenVectors.InGroup(SessionTokenVectors.AuthJs).Where(vector => vector.Valid);

    /// <summary>By vector name (<see cref="Ours"/> for our token of that vector): <c>{ "payload" }</c> or <c>{ "error" }</c>.</summary>
    public JsonObject Decoded { get; }

    /// <summary>By vector name: the token Auth.js encoded from that vector's payload, secrets and salt.</summary>
    public JsonObject Encoded { get; }

    /// <summary>The name under which Auth.js's decoding of our token for vector <paramref name="name"/> is kept.</summary>
    public static string Ours(string name) => "ours: " + name;

    private static string InstallAuthJs()
    {
        var folder = typeof(AuthJsFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "AuthJsInteropDirectory").Value!;
        var source = Path.Combine(AppContext.BaseDirectory, "Tokens", "AuthJs");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        // Written after a successful install, so a changed lock file or an interrupted install installs again.
        var lockFile = File.ReadAllText(Path.Combine(folder, "package-lock.json"));
        var installed = Path.Combine(folder, "node_modules", ".authsite-installed-lock.json");
        if (!File.Exists(installed) || File.ReadAllText(installed) != lockFile)
        {
            Run(folder, "npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], null, InstallTimeout);
            File.WriteAllText(installed, lockFile);
        }

        return folder;
    }

    private static string Run(string folder, string program, string[] arguments, string? input, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"The Auth.js interop tests need Node.js 20 or later with npm on PATH ('{program}' did not start: {exception.Message}). " +
                "Install them (e.g. apt-get install nodejs npm) and run the tests again.", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(input);
            process.StandardInput.Close();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' in {folder} took longer than {timeout}.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"'{program} {string.Join(' ', arguments)}' in {folder} exited with {process.ExitCode}: {errors.Result}");
            }

            return output.Result;
        }
    }
}
