using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Company.WebApplication1.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Sessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The template wrote no sessions before this migration, and a row that a site's own code wrote holds its token in
            // clear, which the hashed lookup can never match: no usable session is lost.
            migrationBuilder.Sql("DELETE FROM sessions");

            migrationBuilder.AlterColumn<string>(
                name: "session_token",
                table: "sessions",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<long>(
                name: "expires",
                table: "sessions",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(DateTimeOffset),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "client_address",
                table: "sessions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "created_at",
                table: "sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "last_seen_at",
                table: "sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "revoked_at",
                table: "sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "user_agent",
                table: "sessions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_sessions_revoked_at",
                table: "sessions",
                column: "revoked_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sessions_revoked_at",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "client_address",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "last_seen_at",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "revoked_at",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "user_agent",
                table: "sessions");

            migrationBuilder.AlterColumn<string>(
                name: "session_token",
                table: "sessions",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "expires",
                table: "sessions",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER");
        }
    }
}
