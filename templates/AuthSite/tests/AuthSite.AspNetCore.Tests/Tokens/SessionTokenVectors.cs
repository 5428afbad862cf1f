using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore.Tests.Tokens;

/// <summary>One token from session-tokens.json, made by Auth.js or NextAuth v4.</summary>
public sealed record SessionTokenVector(
    string Name, IReadOnlyList<string> Secrets, string? Salt, string Token, bool Valid, JsonObject? Payload);

/// <summary>Reads session-tokens.json, which holds tokens made by Auth.js and NextAuth v4 and what they decode to.</summary>
public static class SessionTokenVectors
{
    /// <summary>The group of tokens that Auth.js (NextAuth v5) wrote.</summary>
    public const string AuthJs = "authjs";

    /// <summary>The group of tokens that NextAuth v4 wrote.</summary>
    public const string NextAuthV4 = "nextauthV4";

    private static readonly Lazy<IReadOnlyList<SessionTokenVector>> Vectors = new(Load);

    /// <summary>Every vector in the file.</summary>
    public static IReadOnlyList<SessionTokenVector> All => Vectors.Value;

    /// <summary>Every vector name in <paramref name="group"/>, one theory case each.</summary>
    public static TheoryData<string> Names(string group) => new(InGroup(group).Select(vector => vector.Name));

    /// <summary>The vectors in <paramref name="group"/>.</summary>
    public static IEnumerable<SessionTokenVector> InGroup(string group) =>
        All.Where(vector => vector.Name.StartsWith(group + ": ", StringComparison.Ordinal));

    /// <summary>The vector called <paramref name="name"/> (group, colon, case).</summary>
    public static SessionTokenVector Get(string name) => All.Single(vector => vector.Name == name);

    private static IReadOnlyList<SessionTokenVector> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Tokens", "session-tokens.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();

        return [.. new[] { AuthJs, NextAuthV4 }.SelectMany(group => root[group]!.AsArray().Select(item => new SessionTokenVector(
            Name: $"{group}: {(string)item!["case"]!}",
            Secrets: [.. item["secrets"]!.AsArray().Select(secret => (string)secret!)],
            Salt: (string?)item["salt"],
            Token: (string)item["token"]!,
            Valid: (bool)item["valid"]!,
            Payload: item["payload"]?.AsObject())))];
    }
}
