namespace Company.WebApplication1.Tests.Integration.Support;

/// <summary>The demo accounts of design §4 (inputs the contract fixes, not outputs of the site).</summary>
public static class DemoUsers
{
    public const string User = "user@example.com";
    public const string Admin = "admin@example.com";
    public const string Password = "Password1!";
}
