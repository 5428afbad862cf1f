using Microsoft.EntityFrameworkCore;

namespace Company.WebApplication1.Data;

/// <summary>The database on SQLite (a <c>Data Source=</c> connection string); its migrations are in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteAuthDbContext(DbContextOptions<SqliteAuthDbContext> options) : AuthDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Emails compare and stay unique without regard to case.
        modelBuilder.Entity<StoredUser>().Property(u => u.Email).UseCollation("NOCASE");
    }
}
