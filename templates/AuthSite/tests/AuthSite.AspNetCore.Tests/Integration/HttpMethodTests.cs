using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Odd methods and bodies get a clear 4xx, never a 5xx: HEAD answers like GET without a body, other methods 405 with
/// <c>Allow</c>, a JSON body with a key given twice 400, and a POST to a page the user may not see 403.
/// </summary>
public sealed class HttpMethodTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    public static TheoryData<string, HttpStatusCode> GetRoutes => new()
    {
        { "/api/auth/csrf", HttpStatusCode.OK },
        { "/api/auth/providers", HttpStatusCode.OK },
        { "/api/auth/session", HttpStatusCode.OK },
        { "/api/auth/signin", HttpStatusCode.Redirect },
        { "/api/auth/signin/credentials", HttpStatusCode.Redirect },
        { "/api/auth/signout", HttpStatusCode.Redirect },
        { "/api/auth/error?error=AccessDenied", HttpStatusCode.Redirect },
        { "/api/auth/callback/credentials", HttpStatusCode.MethodNotAllowed },
    };

    public static TheoryData<string, string> OtherMethods
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var path in new[] { "/api/auth/csrf", "/api/auth/providers", "/api/auth/session", "/api/auth/signin/credentials", "/api/auth/callback/credentials", "/api/auth/signout", "/api/auth/error" })
            {
                foreach (var method in new[] { "OPTIONS", "PUT", "DELETE", "PATCH" })
                {
                    data.Add(method, path);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(GetRoutes))]
    public async Task Head_answers_like_get_without_a_body_on_a_real_server(string path, HttpStatusCode expected)
    {
        using var kestrel = new KestrelSiteFactory();

        var get = await RawHttp.SendAsync(kestrel.RootUri, "GET", path, []);
        var head = await RawHttp.SendAsync(kestrel.RootUri, "HEAD", path, []);

        Assert.Equal((int)expected, get.Status);
        Assert.Equal((int)expected, head.Status);
        Assert.Empty(head.Body);
    }

    [Theory]
    [MemberData(nameof(OtherMethods))]
    public async Task Other_methods_get_405_naming_the_allowed_ones(string method, string path)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.DoesNotContain(method, response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("OPTIONS")]
    public async Task An_unknown_api_route_is_404_json(string method)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/auth/nope"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/auth/session")]
    [InlineData("/api/auth/callback/credentials")]
    [InlineData("/api/auth/signout")]
    [InlineData("/api/auth/signin/credentials")]
    public async Task A_json_body_with_a_key_given_twice_is_400(string path)
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var token = await client.GetCsrfTokenAsync();
        var body = $$"""{"csrfToken":"{{token}}","email":"user@example.com","password":"Password1!","csrfToken":"{{token}}"}""";

        using var response = await client.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("user@example.com", (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    [Theory]
    [InlineData("/api/auth/session", "{\"email\":\"\xff\"}")]
    [InlineData("/api/auth/callback/credentials", "{\"email\":\"\xff\"}")]
    [InlineData("/api/auth/callback/credentials", "{\"\xff\":\"x\"}")]
    [InlineData("/api/auth/signout", "{\"callbackUrl\":\"/\xc3\x28\"}")]
    [InlineData("/api/auth/signin/credentials", "{\"data\":{\"name\":\"\xed\xa0\x80\"}}")]
    public async Task A_json_body_that_is_not_utf8_is_400(string path, string latin1Body)
    {
        using var client = site.CreateSiteClient();
        using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(latin1Body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.Http.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_deeply_nested_json_body_is_400()
    {
        using var client = site.CreateSiteClient();
        var body = new string('[', 5000) + new string(']', 5000);

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", new StringContent("{\"a\":" + body + "}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_user_without_the_role_posting_to_admin_gets_403_and_the_error_page_for_AccessDenied()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        using var response = await client.Http.PostAsync("/admin", new FormUrlEncodedContent(new Dictionary<string, string> { ["anything"] = "x" }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("/auth/error?error=AccessDenied", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_without_the_role_sending_head_to_admin_gets_403()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        using var response = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/admin"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
