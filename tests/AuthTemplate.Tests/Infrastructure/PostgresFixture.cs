namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// One <see cref="PostgresServer"/> for the whole test run (a collection fixture of <see cref="TemplateCollection"/>),
/// started on first use, so that a run which needs no PostgreSQL starts none; a start failure is remembered, not
/// retried. Each user makes its own database on it (<see cref="PostgresServer.CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly Lazy<PostgresServer> _server = new(
        () => PostgresServer.StartAsync(Path.Combine(RepositoryPaths.Scratch, "logs", "postgres.log")).GetAwaiter().GetResult(),
        LazyThreadSafetyMode.ExecutionAndPublication);

    internal PostgresServer Server => _server.Value;

    /// <summary>Stops the server, when one was started.</summary>
    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}
