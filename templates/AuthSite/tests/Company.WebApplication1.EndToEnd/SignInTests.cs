using System.Buffers.Binary;
using System.Text.RegularExpressions;
using System.Web;
using Company.WebApplication1.EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Company.WebApplication1.EndToEnd;

[Collection(SiteCollection.Name)]
public sealed class SignInTests(SiteServer site, BrowserFixture browser, ITestOutputHelper output) : BrowserTest(site, browser, output)
{
    [Fact]
    public Task Anonymous_dashboard_goes_to_sign_in_and_back_after_signing_in() => RunAsync(async page =>
    {
        await page.GotoAsync("/dashboard");

        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        var signInUrl = CurrentUrl(page);
        Assert.Equal("/auth/signin", signInUrl.AbsolutePath);
        Assert.Equal("/dashboard", HttpUtility.ParseQueryString(signInUrl.Query)["callbackUrl"]);
        await Expect(page.GetByTestId("signin-link")).ToBeVisibleAsync();

        await page.GetByTestId("email").FillAsync(DemoUser);
        await page.GetByTestId("password").FillAsync(DemoPassword);
        await page.GetByTestId("signin-submit").ClickAsync();

        await Expect(page).ToHaveURLAsync(Site.Url("/dashboard"));
        await Expect(page.GetByTestId("dashboard-email")).ToHaveTextAsync(DemoUser);
        await Expect(page.GetByTestId("dashboard-name")).ToHaveTextAsync("Demo User");
        await Expect(page.GetByTestId("dashboard-role")).ToHaveTextAsync("user");
        await Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync(DemoUser);
        await Expect(page.GetByTestId("signin-link")).ToBeHiddenAsync();
    });

    [Fact]
    public Task Wrong_password_shows_the_error_and_stays_on_sign_in() => RunAsync(async page =>
    {
        await page.GotoAsync("/auth/signin");
        await Expect(page.GetByTestId("signin-error")).ToBeHiddenAsync();

        await page.GetByTestId("email").FillAsync(DemoUser);
        await page.GetByTestId("password").FillAsync("not-the-password");
        await page.GetByTestId("signin-submit").ClickAsync();

        await Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("Sign in failed. Check the details you provided are correct.");
        await Expect(page).ToHaveURLAsync(new Regex(@"/auth/signin\?(.*&)?error=CredentialsSignin(&|$)"));
        Assert.Equal("/auth/signin", CurrentUrl(page).AbsolutePath);
        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("signin-link")).ToBeVisibleAsync();
    });

    /// <summary>The sign-in page as the repository README shows it; always saved to <c>screenshots/signin.png</c>.</summary>
    [Fact]
    public Task Sign_in_page_screenshot() => RunAsync(async page =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", "signin.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);

        await page.GotoAsync("/auth/signin");
        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signin-submit")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        Output.WriteLine($"Sign-in page screenshot: {path}");

        var png = await File.ReadAllBytesAsync(path);
        Assert.True(png.Length > 1000, $"The screenshot has only {png.Length} bytes.");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(800, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
}
