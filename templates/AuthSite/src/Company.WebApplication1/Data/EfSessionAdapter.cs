using AuthSite.AspNetCore;
using Microsoft.EntityFrameworkCore;

namespace Company.WebApplication1.Data;

/// <summary>
/// Keeps sessions in the sessions table, for both session strategies: one row per sign-in, read per request only under the
/// database strategy (and then remembered by the engine for <c>Auth:Session:RevocationCheckInterval</c>).
/// Outside Development it finds no session of a demo account, as the jwt callback in AuthSetup refuses their tokens.
/// </summary>
public sealed class EfSessionAdapter(AuthDatabase database, TimeProvider timeProvider, IHostEnvironment environment) : ISessionAdapter
{
    public async Task CreateSessionAsync(AdapterSession session, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        context.Sessions.Add(new StoredSession
        {
            Id = session.Id,
            SessionToken = session.SessionTokenHash,
            UserId = session.UserId,
            CreatedAt = session.CreatedAt,
            LastSeenAt = session.LastSeenAt,
            Expires = session.Expires,
            UserAgent = session.UserAgent,
            ClientAddress = session.ClientAddress,
        });
        await context.SaveChangesAsync(cancellationToken);
    }

    public async Task<(AdapterSession Session, AuthUser User)?> GetSessionAndUserAsync(string sessionTokenHash, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var context = database.CreateContext();
        // Only what the session needs: the password hash stays in the database.
        var found = await Live(context, now)
            .Where(s => s.SessionToken == sessionTokenHash)
            .Join(context.Users, s => s.UserId, u => u.Id, (s, u) => new { Session = s, User = new AuthUser(u.Id, u.Name, u.Email, u.Image) { Role = u.Role } })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);

        // Start-up removes the demo accounts with their sessions, but a Development run on the same database may sign one in later.
        return found is null || DemoAccounts.IsOutOfPlace(environment, found.User.Email)
            ? null
            : (ToAdapterSession(found.Session), found.User);
    }

    public async Task<AdapterSession?> GetSessionAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        var session = await Live(context, timeProvider.GetUtcNow()).AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return session is null ? null : ToAdapterSession(session);
    }

    public async Task UpdateSessionAsync(string id, DateTimeOffset lastSeenAt, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        await context.Sessions
            .Where(s => s.Id == id && s.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastSeenAt, lastSeenAt).SetProperty(s => s.Expires, expires), cancellationToken);
    }

    public async Task<IReadOnlyList<AdapterSession>> GetSessionsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        var sessions = await Live(context, timeProvider.GetUtcNow())
            .Where(s => s.UserId == userId)
            .OrderBy(s => s.CreatedAt)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return sessions.ConvertAll(ToAdapterSession);
    }

    public async Task<IReadOnlyList<string>> RevokeSessionsAsync(
        IReadOnlyCollection<string> ids, DateTimeOffset revokedAt, DateTimeOffset? keepUntil, CancellationToken cancellationToken)
    {
        // One statement per session, so that of two requests ending the same session only one reports it ended.
        var ended = new List<string>();
        await using var context = database.CreateContext();
        foreach (var id in ids)
        {
            var live = context.Sessions.Where(s => s.Id == id && s.RevokedAt == null);
            var count = keepUntil is { } until
                ? await live.ExecuteUpdateAsync(set => set.SetProperty(s => s.RevokedAt, revokedAt).SetProperty(s => s.Expires, until), cancellationToken)
                : await live.ExecuteDeleteAsync(cancellationToken);
            if (count == 1)
            {
                ended.Add(id);
            }
        }

        return ended;
    }

    public async Task<IReadOnlyList<RevokedSession>> GetRevokedSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var context = database.CreateContext();
        return await context.Sessions
            .Where(s => s.RevokedAt != null && s.RevokedAt >= since && s.Expires > now)
            .Select(s => new RevokedSession(s.Id, s.Expires))
            .ToListAsync(cancellationToken);
    }

    public async Task<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        return await context.Sessions.Where(s => s.Expires <= now).ExecuteDeleteAsync(cancellationToken);
    }

    private static IQueryable<StoredSession> Live(AuthDbContext context, DateTimeOffset now) =>
        context.Sessions.Where(s => s.RevokedAt == null && s.Expires > now);

    private static AdapterSession ToAdapterSession(StoredSession session) => new(
        session.Id, session.UserId, session.SessionToken, session.CreatedAt, session.LastSeenAt, session.Expires, session.UserAgent, session.ClientAddress);
}
