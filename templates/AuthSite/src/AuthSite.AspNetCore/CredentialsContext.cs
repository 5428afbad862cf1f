namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="CredentialsProvider.Authorize"/>.</summary>
/// <param name="HttpContext">The sign-in request.</param>
/// <param name="Email">The submitted email, trimmed; at most <see cref="CredentialsProvider.MaxEmailLength"/> characters.</param>
/// <param name="Password">The submitted password, as typed; at most <see cref="CredentialsProvider.MaxPasswordLength"/> characters.</param>
public sealed record CredentialsContext(HttpContext HttpContext, string Email, string Password);
