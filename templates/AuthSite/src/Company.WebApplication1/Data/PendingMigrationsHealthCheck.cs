using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Company.WebApplication1.Data;

/// <summary>Unhealthy while the database lacks migrations, so a load balancer sends no traffic to a site ahead of its schema.</summary>
public sealed class PendingMigrationsHealthCheck(AuthDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.GetPendingMigrationsAsync(cancellationToken) is { Count: > 0 } pending
            ? HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: run 'db migrate'.")
            : HealthCheckResult.Healthy();
}
