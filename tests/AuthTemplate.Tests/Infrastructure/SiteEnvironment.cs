using System.Security.Cryptography;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>The environment a test starts a generated site (or its commands) with.</summary>
internal static class SiteEnvironment
{
    /// <summary>
    /// Settings a developer's shell or the test host may carry that would change what a test checks, each mapped to
    /// <see langword="null"/> (removed, for <see cref="CommandRunner.CreateStartInfo"/>): <c>ASPNETCORE_*</c>,
    /// <c>Auth__*</c>, <c>ConnectionStrings__*</c>, the environment name, the secrets, <c>AUTH_URL</c> and <c>PathBase</c>.
    /// </summary>
    public static Dictionary<string, string?> InheritedSettingsRemoved()
    {
        string[] prefixes = ["ASPNETCORE_", "Auth__", "ConnectionStrings__"];
        string[] names = ["DOTNET_ENVIRONMENT", "AUTH_SECRET", "NEXTAUTH_SECRET", "AUTH_URL", "NEXTAUTH_URL", "PathBase"];
        return Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(key => prefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || names.Contains(key, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(key => key, _ => (string?)null);
    }

    /// <summary>
    /// As the README's systemd unit runs the site: <see cref="InheritedSettingsRemoved"/>, Production, and a new random
    /// <c>AUTH_SECRET</c> (32 bytes, base64) of its own.
    /// </summary>
    public static Dictionary<string, string?> Production()
    {
        var environment = InheritedSettingsRemoved();
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["AUTH_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return environment;
    }
}
