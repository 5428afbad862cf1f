using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Company.WebApplication1.Data;

/// <summary>
/// The site's database: NextAuth's adapter model (users, accounts, sessions, verification tokens) in snake_case tables, and
/// the Data Protection keys every instance shares. One derived context per database provider
/// (<see cref="SqliteAuthDbContext"/>, <see cref="PostgresAuthDbContext"/>) holds that provider's migrations.
/// </summary>
public abstract class AuthDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The users table.</summary>
    public DbSet<StoredUser> Users => Set<StoredUser>();

    /// <summary>The accounts table: users' provider accounts.</summary>
    public DbSet<StoredAccount> Accounts => Set<StoredAccount>();

    /// <summary>The sessions table.</summary>
    public DbSet<StoredSession> Sessions => Set<StoredSession>();

    /// <summary>The verification_tokens table.</summary>
    public DbSet<StoredVerificationToken> VerificationTokens => Set<StoredVerificationToken>();

    /// <summary>The credentials_throttle table: failed sign-ins per key, shared by every instance.</summary>
    public DbSet<StoredThrottleCount> ThrottleCounts => Set<StoredThrottleCount>();

    /// <summary>The Data Protection key ring (antiforgery tokens, OAuth state), shared by every instance of the site.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredUser>(user =>
        {
            user.ToTable("users");
            user.HasIndex(u => u.Email).IsUnique();
            user.Property(u => u.Role).HasDefaultValue("user");
        });
        modelBuilder.Entity<StoredAccount>(account =>
        {
            account.ToTable("accounts");
            account.HasOne<StoredUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
            account.HasIndex(a => new { a.Provider, a.ProviderAccountId }).IsUnique();
        });
        modelBuilder.Entity<StoredSession>(session =>
        {
            session.ToTable("sessions");
            session.HasOne<StoredUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            session.HasIndex(s => s.SessionToken).IsUnique();
            session.HasIndex(s => s.UserId);
            session.HasIndex(s => s.RevokedAt);
            session.Property(s => s.UserAgent).HasMaxLength(256);
            session.Property(s => s.ClientAddress).HasMaxLength(64);
        });
        modelBuilder.Entity<StoredVerificationToken>(token =>
        {
            token.ToTable("verification_tokens");
            token.HasKey(t => new { t.Identifier, t.Token });
            token.HasIndex(t => t.Token).IsUnique();
        });

        modelBuilder.Entity<StoredThrottleCount>(count =>
        {
            count.ToTable("credentials_throttle");
            count.HasKey(c => c.ThrottleKey);
        });

        // The adapter's tables keep the names of the template's first, hand-written schema, so its databases map unchanged.
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.ClrType != typeof(DataProtectionKey)))
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
            }
        }
    }
}
