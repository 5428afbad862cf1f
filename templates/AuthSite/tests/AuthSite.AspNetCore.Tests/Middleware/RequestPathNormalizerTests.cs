using AuthSite.AspNetCore.Middleware;

namespace AuthSite.AspNetCore.Tests.Middleware;

/// <summary>The path spellings routing could send to one page, reduced to one normal form.</summary>
public sealed class RequestPathNormalizerTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/admin")]
    [InlineData("/ADMIN")]
    [InlineData("/admin/users/1")]
    [InlineData("/css/site.css")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/a/..b/c.")]
    [InlineData("/a/.../b")]
    [InlineData("/admin;x")]
    [InlineData("/café")]
    public void A_normal_path_is_returned_as_the_same_instance(string path)
    {
        Assert.True(RequestPathNormalizer.IsNormalized(path));
        Assert.Same(path, RequestPathNormalizer.Normalize(path));
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("admin", "/admin")]
    [InlineData("/admin/", "/admin")]
    [InlineData("//admin", "/admin")]
    [InlineData("/admin//users///1", "/admin/users/1")]
    [InlineData("/admin/.", "/admin")]
    [InlineData("/./admin", "/admin")]
    [InlineData("/x/../admin", "/admin")]
    [InlineData("/../admin", "/admin")]
    [InlineData("/a/b/../../../..", "/")]
    [InlineData("/admin/users/..", "/admin")]
    [InlineData("/admin/..", "/")]
    [InlineData(@"/admin\users", "/admin/users")]
    [InlineData(@"\admin", "/admin")]
    [InlineData("/%61dmin", "/admin")]
    [InlineData("/%41DMIN", "/ADMIN")]
    [InlineData("/admin%2F", "/admin")]
    [InlineData("/admin%2fusers", "/admin/users")]
    [InlineData("/admin%5Cusers", "/admin/users")]
    [InlineData("/%2e%2e/admin", "/admin")]
    [InlineData("/admin/%2E", "/admin")]
    [InlineData("/a%2F..%2Fadmin", "/admin")]
    [InlineData("/%2561dmin", "/%61dmin")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/smile%F0%9F%98%80", "/smile\U0001F600")]
    [InlineData("/bad%FF", "/bad%FF")]
    [InlineData("/cut%C3", "/cut%C3")]
    [InlineData("/mixed%C3%A9%FF%C3%A9", "/mixedé%FFé")]
    [InlineData("/half%4", "/half%4")]
    [InlineData("/not%zzhex", "/not%zzhex")]
    public void Variants_are_reduced_to_one_normal_form(string? path, string expected)
    {
        Assert.False(RequestPathNormalizer.IsNormalized(path));
        Assert.Equal(expected, RequestPathNormalizer.Normalize(path));
    }

    [Theory]
    [InlineData("/%", "/%")]
    [InlineData("/%2", "/%2")]
    [InlineData("/ab%", "/ab%")]
    public void A_percent_sign_without_two_hex_digits_is_kept(string path, string expected) =>
        Assert.Equal(expected, RequestPathNormalizer.Normalize(path));

    [Fact]
    public void Paths_longer_than_the_stack_buffer_are_normalised_too()
    {
        string tail = new('x', 600);

        Assert.Equal("/admin/" + tail, RequestPathNormalizer.Normalize("//ADMIN/../admin/./" + tail + "/"));
        Assert.Equal("/admin/" + tail, RequestPathNormalizer.Normalize("/%61dmin%2F" + tail));
    }

    [Theory]
    [InlineData("/admin/files/x%2F..%2F..%2F..%2Fhome", "/admin/files/x%2F..%2F..%2F..%2Fhome")]
    [InlineData(@"/admin/files/x\..\..\home", @"/admin/files/x\..\..\home")]
    [InlineData("/admin/../home", "/admin/../home")]
    [InlineData("/admin/./x", "/admin/./x")]
    [InlineData("//admin//x/", "/admin/x")]
    [InlineData("/%61dmin", "/%61dmin")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void The_routed_form_decodes_nothing_and_keeps_dot_segments_as_routing_does(string? path, string expected) =>
        Assert.Equal(expected, RequestPathNormalizer.NormalizeSegments(path));

    [Fact]
    public void The_routed_form_of_a_normal_path_is_the_same_instance()
    {
        const string path = "/admin/users/1";

        Assert.Same(path, RequestPathNormalizer.NormalizeSegments(path));
    }
}
