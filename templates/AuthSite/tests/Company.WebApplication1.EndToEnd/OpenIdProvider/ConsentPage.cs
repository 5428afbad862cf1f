using System.Net;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Company.WebApplication1.EndToEnd.OpenIdProvider;

/// <summary>
/// The provider's login/consent page: one button per test user and a cancel button, in a form that
/// posts every original authorization parameter back to the authorization endpoint (as OpenIddict's
/// samples do), so OpenIddict validates the whole request again when the user decides.
/// </summary>
internal static class ConsentPage
{
    /// <summary>The form field (the pressed button's name) that carries the chosen user's username.</summary>
    public const string UserField = "oidc_user";

    /// <summary>The form field (the pressed button's name) present when the user cancels.</summary>
    public const string CancelField = "oidc_cancel";

    public static bool IsDecisionField(string name) =>
        string.Equals(name, UserField, StringComparison.Ordinal) || string.Equals(name, CancelField, StringComparison.Ordinal);

    public static string Render(
        string action,
        string clientId,
        IEnumerable<string> scopes,
        IEnumerable<KeyValuePair<string, StringValues>> parameters,
        IReadOnlyList<TestOpenIdUser> users,
        string? error)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>Test OpenID Provider: sign in</title>\n</head>\n<body>\n<main>\n")
            .Append("<h1>Test OpenID Provider</h1>\n")
            .Append("<p>The application <strong>").Append(Encode(clientId)).Append("</strong> asks you to sign in")
            .Append(" and share: <span data-testid=\"oidc-scopes\">").Append(Encode(string.Join(' ', scopes))).Append("</span>.</p>\n");

        if (error is not null)
        {
            html.Append("<p role=\"alert\" data-testid=\"oidc-error\">").Append(Encode(error)).Append("</p>\n");
        }

        html.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\">\n");
        foreach (var (name, values) in parameters)
        {
            if (IsDecisionField(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                html.Append("<input type=\"hidden\" name=\"").Append(Encode(name))
                    .Append("\" value=\"").Append(Encode(value ?? string.Empty)).Append("\">\n");
            }
        }

        html.Append("<fieldset>\n<legend>Choose a test user</legend>\n<ul>\n");
        foreach (var user in users)
        {
            html.Append("<li><button type=\"submit\" name=\"").Append(UserField)
                .Append("\" value=\"").Append(Encode(user.Username))
                .Append("\" data-testid=\"oidc-allow-").Append(Encode(user.Username)).Append("\">")
                .Append("Sign in as ").Append(Encode(user.Name)).Append(" (").Append(Encode(user.Email)).Append(')')
                .Append("</button></li>\n");
        }

        html.Append("</ul>\n</fieldset>\n")
            .Append("<button type=\"submit\" name=\"").Append(CancelField)
            .Append("\" value=\"cancel\" data-testid=\"oidc-cancel\">Cancel</button>\n")
            .Append("</form>\n</main>\n</body>\n</html>\n");

        return html.ToString();
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
