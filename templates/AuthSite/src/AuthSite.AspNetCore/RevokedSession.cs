namespace AuthSite.AspNetCore;

/// <summary>A session ended before its time under the jwt strategy, as other instances of the site learn of it.</summary>
/// <param name="Id">The session's id (<see cref="AdapterSession.Id"/>, the token's <c>sid</c>).</param>
/// <param name="KeepUntil">Until when tokens of this session must be refused: the latest time any of them could still expire (UTC).</param>
public sealed record RevokedSession(string Id, DateTimeOffset KeepUntil);
