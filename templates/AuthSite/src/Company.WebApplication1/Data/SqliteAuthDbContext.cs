using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Company.WebApplication1.Data;

/// <summary>The database on SQLite (a <c>Data Source=</c> connection string); its migrations are in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteAuthDbContext(DbContextOptions<SqliteAuthDbContext> options) : AuthDbContext(options)
{
    private static readonly ValueConverter<DateTimeOffset, long> UnixMilliseconds =
        new(time => time.ToUnixTimeMilliseconds(), milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Emails compare and stay unique without regard to case.
        modelBuilder.Entity<StoredUser>().Property(u => u.Email).UseCollation("NOCASE");

        // SQLite has no time type, and EF Core cannot compare or order DateTimeOffset text in SQL there: the sessions table,
        // which is queried by time, keeps its times as Unix milliseconds.
        modelBuilder.Entity<StoredSession>(session =>
        {
            session.Property(s => s.Expires).HasConversion(UnixMilliseconds);
            session.Property(s => s.CreatedAt).HasConversion(UnixMilliseconds);
            session.Property(s => s.LastSeenAt).HasConversion(UnixMilliseconds);
            session.Property(s => s.RevokedAt).HasConversion(UnixMilliseconds);
        });
    }
}
