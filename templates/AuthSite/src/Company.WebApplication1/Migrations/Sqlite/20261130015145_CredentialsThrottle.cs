using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Company.WebApplication1.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CredentialsThrottle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credentials_throttle",
                columns: table => new
                {
                    throttle_key = table.Column<string>(type: "TEXT", nullable: false),
                    attempts = table.Column<long>(type: "INTEGER", nullable: false),
                    window_end = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credentials_throttle", x => x.throttle_key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credentials_throttle");
        }
    }
}
