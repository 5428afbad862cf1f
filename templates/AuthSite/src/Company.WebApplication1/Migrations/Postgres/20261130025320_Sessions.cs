using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Company.WebApplication1.Migrations.Postgres
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
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "client_address",
                table: "sessions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "created_at",
                table: "sessions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_seen_at",
                table: "sessions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "revoked_at",
                table: "sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "user_agent",
                table: "sessions",
                type: "character varying(256)",
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
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
