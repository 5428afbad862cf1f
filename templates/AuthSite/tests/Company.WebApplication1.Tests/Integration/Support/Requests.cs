using System.Text;
using System.Text.Json.Nodes;

namespace Company.WebApplication1.Tests.Integration.Support;

/// <summary>Requests with hand-made <c>Cookie</c> headers.</summary>
public static class Requests
{
    public static HttpRequestMessage Get(string url, params string?[] cookies) =>
        WithCookies(new HttpRequestMessage(HttpMethod.Get, url), cookies);

    public static HttpRequestMessage PostForm(string url, IDictionary<string, string> fields, params string?[] cookies) =>
        WithCookies(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) }, cookies);

    public static HttpRequestMessage PostJson(string url, JsonNode body, params string?[] cookies) =>
        WithCookies(new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") }, cookies);

    private static HttpRequestMessage WithCookies(HttpRequestMessage request, string?[] cookies)
    {
        var header = string.Join("; ", cookies.Where(cookie => !string.IsNullOrEmpty(cookie)));
        if (header.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", header);
        }

        return request;
    }
}
