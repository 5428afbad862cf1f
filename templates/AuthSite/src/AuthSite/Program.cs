using AuthSite;
using AuthSite.Auth;
using AuthSite.Auth.Middleware;
using AuthSite.Data;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorPages();
builder.Services.AddUserStore();
builder.Services.AddSiteAuth(builder.Configuration);

var app = builder.Build();

if (UsersCommand.IsInvocation(args))
{
    return await UsersCommand.RunAsync(app.Services, args);
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
#if (HasHttps)
    app.UseHsts();
#endif
}
#if (HasHttps)

app.UseHttpsRedirection();
#endif
app.UseStaticFiles();
app.UseAuthMiddleware();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapAuthEndpoints();
app.MapGet("/api/example", async (HttpContext context) =>
    await context.GetServerSessionAsync() is null
        ? Results.Json(new { message = AuthResponses.SignInRequiredMessage }, statusCode: StatusCodes.Status401Unauthorized)
        : Results.Json(new { message = "Success" }));
app.MapRazorPages();

app.Run();
return 0;

/// <summary>The site's entry point; public so the tests' WebApplicationFactory can start it.</summary>
public partial class Program;
