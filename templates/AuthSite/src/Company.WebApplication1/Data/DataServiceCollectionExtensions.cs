using AuthSite.AspNetCore;
using Microsoft.AspNetCore.Identity;

namespace Company.WebApplication1.Data;

/// <summary>Registers the user database.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>Adds the SQLite user store and the adapter that links OAuth accounts to users, created (and seeded with demo users when <c>Auth:DemoUsers</c> is on) at start-up.</summary>
    public static IServiceCollection AddUserStore(this IServiceCollection services)
    {
        services.AddSingleton<AuthDatabase>();
        services.AddSingleton<IPasswordHasher<StoredUser>, PasswordHasher<StoredUser>>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<IAuthAdapter, SqliteAuthAdapter>();
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }
}
