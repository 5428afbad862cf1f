namespace Company.WebApplication1.Tests.Integration.Support;

/// <summary>A CSRF token (what a form sends) and its cookie (<c>name=value</c>, as a <c>Cookie</c> header fragment).</summary>
public sealed record CsrfPair(string Token, string Cookie);
