using System.Diagnostics;
using AuthTemplate.Tests.Infrastructure;
using Npgsql;

namespace AuthTemplate.Tests;

/// <summary>
/// The disposable PostgreSQL cluster the PostgreSQL tests share: it starts on a loopback port, makes databases that
/// Npgsql connects to, and leaves no process, port or folder behind once disposed.
/// </summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Starts_creates_a_database_and_is_gone_after_dispose()
    {
        string directory;
        int processId;
        string connectionString;
        using (var server = await PostgresServer.StartAsync())
        {
            directory = server.Directory;
            processId = server.ProcessId;
            connectionString = await server.CreateDatabaseAsync("authsite_probe");
            Assert.Contains("127.0.0.1", connectionString, StringComparison.Ordinal);

            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT current_database(), current_setting('listen_addresses')", connection);
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                Assert.Equal("authsite_probe", reader.GetString(0));
                Assert.Equal("127.0.0.1", reader.GetString(1));
            }

            // The same name twice is an error, not a second database.
            await Assert.ThrowsAsync<PostgresException>(() => server.CreateDatabaseAsync("authsite_probe"));
            await Assert.ThrowsAsync<ArgumentException>(() => server.CreateDatabaseAsync("probe; DROP DATABASE postgres"));
        }

        NpgsqlConnection.ClearAllPools();
        Assert.False(Directory.Exists(directory), $"The cluster's folder {directory} is still there.");
        Assert.False(IsRunning(processId), $"The server (pid {processId}) is still running.");
        await using var gone = new NpgsqlConnection(connectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => gone.OpenAsync());
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
