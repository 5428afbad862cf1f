using Microsoft.EntityFrameworkCore;

namespace Company.WebApplication1.Data;

/// <summary>The database on PostgreSQL (a <c>Host=</c> connection string); its migrations are in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresAuthDbContext(DbContextOptions<PostgresAuthDbContext> options) : AuthDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Emails compare and stay unique without regard to case (citext is a trusted extension: the database owner may add it).
        modelBuilder.HasPostgresExtension("citext");
        modelBuilder.Entity<StoredUser>().Property(u => u.Email).HasColumnType("citext");
    }
}
