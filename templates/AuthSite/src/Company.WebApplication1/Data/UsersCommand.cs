using System.Text;
using AuthSite.AspNetCore;
using Microsoft.Extensions.Options;

namespace Company.WebApplication1.Data;

/// <summary>
/// Manages users from the command line, in any environment:
/// <c>dotnet run -- users add &lt;email&gt; [--role admin] [--name "Ada"]</c>, <c>users list</c>, <c>users remove &lt;email&gt;</c>,
/// <c>users set-role &lt;email&gt; &lt;role&gt;</c>, <c>users set-password &lt;email&gt;</c>, <c>users revoke &lt;email&gt;</c>.
/// Passwords are read without echo, or from standard input when it is redirected, never from arguments.
/// <c>revoke</c> ends all the user's sessions (signed out everywhere, on every instance within
/// <c>Auth:Session:RevocationCheckInterval</c>); <c>set-password</c> does too unless
/// <c>Auth:Session:RevokeSessionsOnPasswordChange</c> is off, and <c>set-role</c> when <c>Auth:Session:RevokeSessionsOnRoleChange</c> is on.
/// </summary>
public static class UsersCommand
{
    private const string Usage = """
        Usage:
          users add <email> [--role <role>] [--name <name>]   prompts for the password (or reads it from stdin)
          users set-password <email>                          prompts for the new password (or reads it from stdin)
          users set-role <email> <role>
          users revoke <email>                                ends all the user's sessions
          users remove <email>
          users list
        """;

    /// <summary>Whether the command line asks for this command rather than the web server.</summary>
    public static bool IsInvocation(string[] args) => args is ["users", ..];

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader? input = null, TextWriter? output = null, TextWriter? error = null)
    {
        input ??= Console.In;
        output ??= Console.Out;
        error ??= Console.Error;
        var users = services.GetRequiredService<UserStore>();
        SessionManager sessions;
        AuthSessionOptions sessionOptions;
        try
        {
            sessions = services.GetRequiredService<SessionManager>();
            sessionOptions = services.GetRequiredService<IOptions<SessionAuthOptions>>().Value.Session;
        }
        catch (OptionsValidationException exception)
        {
            // The command ends sessions, so it needs the site's settings, AUTH_SECRET included: say which is wrong, without a stack trace.
            await error.WriteLineAsync(exception.Message);
            return 1;
        }

        // Managing users is an operator's deliberate act, like 'db migrate': it brings the schema up to date first.
        await services.GetRequiredService<AuthDatabase>().MigrateAsync();

        switch (args)
        {
            case ["users", "list"]:
                foreach (var user in await users.ListAsync())
                {
                    await output.WriteLineAsync($"{user.Email}\t{user.Role}\t{user.Name}");
                }

                return 0;

            case ["users", "add", var email, .. var options] when TryReadOptions(options, out var role, out var name):
                if (DemoAccounts.IsDemo(email) && !services.GetRequiredService<IHostEnvironment>().IsDevelopment())
                {
                    await error.WriteLineAsync($"{email} belongs to a demo account, which exists in Development only and could never sign in here; choose another email.");
                    return 1;
                }

                var password = ReadPassword(input, output);
                if (password.Length == 0)
                {
                    await error.WriteLineAsync("No password given; nothing was changed.");
                    return 1;
                }

                try
                {
                    await users.CreateAsync(email, password, role ?? "user", name);
                }
                catch (InvalidOperationException exception)
                {
                    await error.WriteLineAsync(exception.Message);
                    return 1;
                }

                await output.WriteLineAsync($"Added {email} ({role ?? "user"}).");
                return 0;

            case ["users", "set-password", var email]:
                var newPassword = ReadPassword(input, output);
                if (newPassword.Length == 0)
                {
                    await error.WriteLineAsync("No password given; nothing was changed.");
                    return 1;
                }

                if (!await users.SetPasswordAsync(email, newPassword))
                {
                    return await NoSuchUser(email, error);
                }

                await output.WriteLineAsync($"Password of {email} changed.");
                return sessionOptions.RevokeSessionsOnPasswordChange
                    ? await EndSessions(users, sessions, email, SessionRevocationReason.PasswordChanged, output, error)
                    : 0;

            case ["users", "set-role", var email, var role]:
                if (!await users.SetRoleAsync(email, role))
                {
                    return await NoSuchUser(email, error);
                }

                await output.WriteLineAsync($"{email} is now {role}.");
                return sessionOptions.RevokeSessionsOnRoleChange
                    ? await EndSessions(users, sessions, email, SessionRevocationReason.RoleChanged, output, error)
                    : 0;

            case ["users", "revoke", var email]:
                return await EndSessions(users, sessions, email, SessionRevocationReason.Admin, output, error);

            case ["users", "remove", var email]:
                return await Report(await users.RemoveAsync(email), $"Removed {email}.", email, output, error);

            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> Report(bool found, string done, string email, TextWriter output, TextWriter error) =>
        found ? await Done(done, output) : await NoSuchUser(email, error);

    private static async Task<int> Done(string done, TextWriter output)
    {
        await output.WriteLineAsync(done);
        return 0;
    }

    private static async Task<int> NoSuchUser(string email, TextWriter error)
    {
        await error.WriteLineAsync($"No user with the email '{email}'.");
        return 1;
    }

    // Ends every session of the user at once here, and on the site's other instances within RevocationCheckInterval.
    private static async Task<int> EndSessions(UserStore users, SessionManager sessions, string email, SessionRevocationReason reason, TextWriter output, TextWriter error)
    {
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            return await NoSuchUser(email, error);
        }

        var ended = await sessions.RevokeUserSessionsAsync(user.Id, reason);
        return await Done($"Ended {ended} session(s) of {email}.", output);
    }

    private static bool TryReadOptions(string[] options, out string? role, out string? name)
    {
        role = name = null;
        for (var i = 0; i < options.Length; i += 2)
        {
            if (i + 1 >= options.Length)
            {
                return false;
            }

            switch (options[i])
            {
                case "--role": role = options[i + 1]; break;
                case "--name": name = options[i + 1]; break;
                default: return false;
            }
        }

        return true;
    }

    private static string ReadPassword(TextReader input, TextWriter output)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return input.ReadLine() ?? string.Empty;
        }

        output.Write("Password: ");
        var password = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        output.WriteLine();
        return password.ToString();
    }
}
