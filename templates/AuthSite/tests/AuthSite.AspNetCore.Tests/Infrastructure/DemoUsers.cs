namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>The test site's demo accounts (<see cref="TestUsers"/>): the same addresses and password a generated site seeds.</summary>
public static class DemoUsers
{
    public const string User = "user@example.com";
    public const string Admin = "admin@example.com";
    public const string Password = "Password1!";
}
