using System.Net;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>The custom pages <c>/auth/signin</c>, <c>/auth/signout</c> and <c>/auth/error</c> (design §4).</summary>
public class AuthPageTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    // NextAuth v4's sign-in page codes (SignInErrorTypes); each has its own message there.
    public static TheoryData<string> SignInErrorCodes => new(
        "Signin", "OAuthSignin", "OAuthCallback", "OAuthCreateAccount", "EmailCreateAccount", "Callback",
        "OAuthAccountNotLinked", "EmailSignin", "CredentialsSignin", "SessionRequired");

    public static TheoryData<string> HostileInputs => new(
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "Configuration<script>alert(1)</script>",
        "javascript:alert(1)//<svg/onload=alert(1)>");

    [Fact]
    public async Task SignInPage_RendersTheCredentialsForm()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/auth/signin?callbackUrl=%2Fdashboard");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/auth/callback/credentials", Html.FormActions(html));
        var email = Assert.Single(Html.Inputs(html), input => Html.AttributeValue(input, "name") == "email");
        var password = Assert.Single(Html.Inputs(html), input => Html.AttributeValue(input, "name") == "password");
        Assert.Equal("email", Html.AttributeValue(email, "type"));
        Assert.Equal("password", Html.AttributeValue(password, "type"));
        Assert.Equal("/dashboard", Html.InputValue(html, "callbackUrl"));
        Assert.False(string.IsNullOrEmpty(Html.InputValue(html, "csrfToken")));
        Assert.False(Html.HasTestId(html, "signin-error"));
    }

    [Fact]
    public async Task SignInPage_FormAsRendered_SignsTheUserIn()
    {
        using var client = site.CreateSiteClient();
        using var page = await client.Http.GetAsync("/auth/signin?callbackUrl=%2Fdashboard");
        var html = await page.Content.ReadAsStringAsync();

        var fields = new Dictionary<string, string>
        {
            ["csrfToken"] = Html.InputValue(html, "csrfToken")!,
            ["callbackUrl"] = Html.InputValue(html, "callbackUrl")!,
            ["email"] = DemoUsers.User,
            ["password"] = DemoUsers.Password,
        };
        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri("http://localhost/dashboard"), new Uri(client.Http.BaseAddress!, response.Headers.Location!));
        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    [Theory]
    [MemberData(nameof(SignInErrorCodes))]
    public async Task SignInPage_ShowsAMessageForEveryNextAuthErrorCode(string code)
    {
        var unknown = await SignInErrorMessageAsync("SomethingNobodyDefined");

        var message = await SignInErrorMessageAsync(code);

        Assert.False(string.IsNullOrWhiteSpace(message), $"no message for {code}");
        Assert.NotEqual(unknown, message);
    }

    [Theory]
    [InlineData("CredentialsSignin", "Sign in failed. Check the details you provided are correct.")]
    [InlineData("SessionRequired", "Please sign in to access this page.")]
    [InlineData("OAuthAccountNotLinked", "To confirm your identity, sign in with the same account you used originally.")]
    [InlineData("credentialssignin", "Sign in failed. Check the details you provided are correct.")]
    public async Task SignInPage_UsesNextAuthsWording(string code, string expected)
    {
        Assert.Equal(expected, await SignInErrorMessageAsync(code));
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public async Task SignInPage_UnknownErrorCode_ShowsTheDefaultMessage_NeverTheInput(string input)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/auth/signin?error=" + Uri.EscapeDataString(input));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await SignInErrorMessageAsync("SomethingNobodyDefined"), Html.TestIdText(html, "signin-error"));
        Assert.DoesNotContain("alert(1)", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public async Task SignInPage_HostileCallbackUrl_IsNeverMarkup(string input)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/auth/signin?callbackUrl=" + Uri.EscapeDataString(input));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg/onload", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(input, Html.InputValue(html, "callbackUrl"));
    }

    [Fact]
    public async Task SignOutPage_RendersAConfirmationFormThatSignsOut()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        using var page = await client.Http.GetAsync("/auth/signout");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/api/auth/signout", Html.FormActions(html));
        Assert.True(Html.HasTestId(html, "signout-confirm"));
        var fields = new Dictionary<string, string> { ["csrfToken"] = Html.InputValue(html, "csrfToken")! };
        if (Html.InputValue(html, "callbackUrl") is { } callbackUrl)
        {
            fields["callbackUrl"] = callbackUrl;
        }

        using var response = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task SignOutPage_Anonymous_StillRenders()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/auth/signout");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Configuration", HttpStatusCode.InternalServerError)]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden)]
    [InlineData("Verification", HttpStatusCode.Forbidden)]
    [InlineData("accessdenied", HttpStatusCode.Forbidden)]
    [InlineData("CONFIGURATION", HttpStatusCode.InternalServerError)]
    [InlineData("Default", HttpStatusCode.OK)]
    [InlineData("SomethingElse", HttpStatusCode.OK)]
    [InlineData("", HttpStatusCode.OK)]
    public async Task ErrorPage_AnswersTheStatusOfEachCode(string code, HttpStatusCode expected)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/auth/error?error=" + Uri.EscapeDataString(code));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(Html.TestIdText(html, "error-title")));
        Assert.False(string.IsNullOrWhiteSpace(Html.TestIdText(html, "error-message")));
    }

    [Fact]
    public async Task ErrorPage_WithoutACode_IsTheDefaultPage()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/auth/error");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await ErrorPageTextAsync("Default"), (Html.TestIdText(html, "error-title"), Html.TestIdText(html, "error-message")));
    }

    [Fact]
    public async Task ErrorPage_KnownCodes_HaveTheirOwnText()
    {
        var texts = new List<(string?, string?)>();
        foreach (var code in new[] { "Configuration", "AccessDenied", "Verification", "Default" })
        {
            texts.Add(await ErrorPageTextAsync(code));
        }

        Assert.Equal(texts.Count, texts.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public async Task ErrorPage_NeverReflectsRawInput(string input)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/auth/error?error=" + Uri.EscapeDataString(input));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(await ErrorPageTextAsync("Default"), (Html.TestIdText(html, "error-title"), Html.TestIdText(html, "error-message")));
    }

    [Fact]
    public async Task SignInPage_HasAButtonPerConfiguredProvider()
    {
        // Providers are registered while the site builds its services, so they come as host settings.
        using var withProviders = new SiteFactory
        {
            HostSettings =
            {
                ["Auth:Providers:GitHub:ClientId"] = "github-client",
                ["Auth:Providers:GitHub:ClientSecret"] = "github-secret",
                ["Auth:Providers:Oidc:Authority"] = "http://127.0.0.1:9/",
                ["Auth:Providers:Oidc:ClientId"] = "oidc-client",
                ["Auth:Providers:Oidc:Name"] = "Company SSO",
            },
        };
        using var client = withProviders.CreateSiteClient();

        var page = await client.Http.GetStringAsync("/auth/signin");

        Assert.Contains("data-testid=\"provider-github\"", page);
        Assert.Contains("data-testid=\"provider-oidc\"", page);
        Assert.Contains("Sign in with Company SSO", page);
    }

    [Fact]
    public async Task SignInPage_CapsTheFields_AndExplainsBothRefusals()
    {
        using var client = site.CreateSiteClient();

        var form = await client.Http.GetStringAsync("/auth/signin");
        var tooMany = await client.Http.GetStringAsync("/auth/signin?error=TooManyAttempts");
        var tooLong = await client.Http.GetStringAsync("/auth/signin?error=CredentialsTooLong");

        Assert.Matches("""<input id="email"[^>]* maxlength="254"[^>]*>""", form);
        Assert.Matches("""<input id="password"[^>]* maxlength="1024"[^>]*>""", form);
        Assert.Contains("Too many failed sign-in attempts", tooMany);
        Assert.Contains("too long", tooLong);
    }

    private async Task<string?> SignInErrorMessageAsync(string code)
    {
        using var client = site.CreateSiteClient();
        using var response = await client.Http.GetAsync("/auth/signin?error=" + Uri.EscapeDataString(code));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Html.TestIdText(await response.Content.ReadAsStringAsync(), "signin-error");
    }

    private async Task<(string? Title, string? Message)> ErrorPageTextAsync(string code)
    {
        using var client = site.CreateSiteClient();
        using var response = await client.Http.GetAsync("/auth/error?error=" + Uri.EscapeDataString(code));
        var html = await response.Content.ReadAsStringAsync();
        return (Html.TestIdText(html, "error-title"), Html.TestIdText(html, "error-message"));
    }
}
