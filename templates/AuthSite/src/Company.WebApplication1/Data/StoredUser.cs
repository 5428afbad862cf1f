namespace Company.WebApplication1.Data;

/// <summary>A row of the users table.</summary>
public sealed record StoredUser(string Id, string? Name, string Email, string? Image, string Role, string? PasswordHash);
