using Company.WebApplication1;
using AuthSite.AspNetCore;
using Company.WebApplication1.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // A published site (wwwroot beside the app) finds its settings, static files and App_Data in its own folder, whatever
    // folder a service manager or a container starts it from; `dotnet run` keeps the project folder.
    ContentRootPath = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null,
});

// First: the database is migrated before anything reads the Data Protection keys it holds.
builder.Services.AddUserStore();
builder.Services.AddRazorPages();
builder.Services.AddSiteAuth(builder.Configuration);

var app = builder.Build();

if (UsersCommand.IsInvocation(args))
{
    return await UsersCommand.RunAsync(app.Services, args);
}

if (DbCommand.IsInvocation(args))
{
    return await DbCommand.RunAsync(app.Services, args);
}

// Before everything here, AddSiteAuth has applied forwarded headers from Auth:TrustedProxies and the origin of AUTH_URL.
// A site served under a path (PathBase=/app) gets it in links, redirects, cookies and the OAuth redirect_uri.
app.UsePathBase(app.Configuration["PathBase"]);

// For load balancers, anonymous and ahead of the session middleware whatever its matcher: /healthz answers while the process
// runs, /healthz/ready while the database answers and has every migration. Responses are never cached.
app.UseHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.UseHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(DataServiceCollectionExtensions.ReadyTag) });
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
app.UseSessionAuth();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapSessionAuthEndpoints();
app.MapGet("/api/example", async (HttpContext context) =>
    await context.GetServerSessionAsync() is null
        ? Results.Json(new { message = AuthResponses.SignInRequiredMessage }, statusCode: StatusCodes.Status401Unauthorized)
        : Results.Json(new { message = "Success" }));
app.MapRazorPages();

app.Run();
return 0;

/// <summary>The site's entry point; public so the tests' WebApplicationFactory can start it.</summary>
public partial class Program;
