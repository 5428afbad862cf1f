using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Binds <see cref="SessionAuthOptions"/> from the <c>Auth</c> configuration section and collects the secrets,
/// in order: <c>AUTH_SECRET</c>, <c>NEXTAUTH_SECRET</c>, <c>Auth:Secret</c>, <c>Auth:Secrets</c>; the site's URL
/// comes from <c>AUTH_URL</c>, <c>NEXTAUTH_URL</c> or <c>Auth:Url</c>, as Auth.js and NextAuth read it.
/// Runs before the code in <c>AddSessionAuth</c>, which can still change everything.
/// </summary>
internal sealed class ConfigureSessionAuthOptions(IConfiguration configuration) : IConfigureOptions<SessionAuthOptions>
{
    public void Configure(SessionAuthOptions options)
    {
        var section = configuration.GetSection("Auth");
        section.Bind(options);

        // Credentials sit beside the OAuth providers in configuration, as in NextAuth's providers list.
        section.GetSection("Providers:Credentials").Bind(options.Credentials);

        string?[] single = [configuration["AUTH_SECRET"], configuration["NEXTAUTH_SECRET"], section["Secret"]];
        var secrets = single.Concat(options.Secrets).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim());
        options.Secrets = [.. secrets.Distinct(StringComparer.Ordinal)];

        var url = configuration["AUTH_URL"] ?? configuration["NEXTAUTH_URL"] ?? section["Url"];
        options.Url = string.IsNullOrWhiteSpace(url) ? null : url.Trim();
    }
}
