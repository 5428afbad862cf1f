using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>One call of the test site's jwt callback: its trigger, user, account's provider, request path and query, and update data.</summary>
public sealed record JwtCall(string? Trigger, string? UserEmail, string? UserRole, string? Provider, string? Path, JsonNode? Session);
