using System.Security.Claims;
using BaselineSite;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

// The baseline of the load benchmark: the generated site's routes with nothing but the framework's cookie
// authentication. Same pipeline order as the site (static files, routing, authentication, authorization), same
// pages and layout markup, same demo accounts and password hasher, same sign-in form fields, so the load script
// signs in the same way (GET /api/auth/csrf, POST /api/auth/callback/credentials).
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizePage("/Dashboard");
    options.Conventions.AuthorizePage("/Admin", "admin");
});
builder.Services.AddSingleton<DemoUsers>();
builder.Services.AddAntiforgery(options =>
{
    options.FormFieldName = "csrfToken";
    options.Cookie.Name = "baseline.csrf-token";
});
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.Cookie.Name = "baseline.session-token";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.ExpireTimeSpan = TimeSpan.FromDays(30);
        options.LoginPath = "/auth/signin";
        options.AccessDeniedPath = "/auth/error";
        options.ReturnUrlParameter = "callbackUrl";
        options.Events.OnRedirectToLogin = context => Deny(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized, "You must be logged in.");
        options.Events.OnRedirectToAccessDenied = context => Deny(context.HttpContext, null, StatusCodes.Status403Forbidden, "You do not have access to this resource.");
    });
builder.Services.AddAuthorizationBuilder().AddPolicy("admin", policy => policy.RequireRole("admin"));

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
}

app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/api/auth/csrf", (HttpContext context, IAntiforgery antiforgery) =>
    Results.Json(new { csrfToken = antiforgery.GetAndStoreTokens(context).RequestToken }));

app.MapPost("/api/auth/callback/credentials", async (HttpContext context, IAntiforgery antiforgery, DemoUsers users) =>
{
    if (!await antiforgery.IsRequestValidAsync(context))
    {
        return Results.Redirect("/auth/signin?csrf=true");
    }

    var form = await context.Request.ReadFormAsync();
    var callbackUrl = LocalOrRoot(form["callbackUrl"]);
    if (users.Check(form["email"].ToString(), form["password"].ToString()) is not { } user)
    {
        return Results.Redirect($"/auth/signin?error=CredentialsSignin&callbackUrl={Uri.EscapeDataString(callbackUrl)}");
    }

    var identity = new ClaimsIdentity(
        [new Claim("name", user.Name), new Claim("email", user.Email), new Claim("sub", user.Id), new Claim("role", user.Role)],
        CookieAuthenticationDefaults.AuthenticationScheme, "name", "role");
    await context.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
    return Results.Redirect(callbackUrl);
});

app.MapPost("/api/auth/signout", async (HttpContext context, IAntiforgery antiforgery) =>
{
    if (!await antiforgery.IsRequestValidAsync(context))
    {
        return Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    await context.SignOutAsync();
    return Results.Redirect("/");
});

// The site's example API route: 401 JSON without a session, 200 JSON with one.
app.MapGet("/api/example", (HttpContext context) =>
    context.User.Identity?.IsAuthenticated == true
        ? Results.Json(new { message = "Success" })
        : Results.Json(new { message = "You must be logged in." }, statusCode: StatusCodes.Status401Unauthorized));

app.MapRazorPages();

app.Run();

// JSON callers (/api/*) get 401/403 JSON; browsers the sign-in page (anonymous) or a 403 (signed in, not allowed).
static Task Deny(HttpContext context, string? signIn, int status, string message)
{
    if (context.Request.Path.StartsWithSegments("/api") || signIn is null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { message });
    }

    context.Response.Redirect(signIn);
    return Task.CompletedTask;
}

static string LocalOrRoot(string? url) =>
    url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
