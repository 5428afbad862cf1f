using System.Net;
using System.Text.RegularExpressions;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>A <c>&lt;form&gt;</c> of a rendered page: its action and its hidden inputs, HTML-decoded, ready to post.</summary>
/// <param name="Action">The <c>action</c> attribute, decoded (<c>/api/auth/signout</c>, <c>/app/api/auth/signout</c>).</param>
/// <param name="Fields">The hidden inputs by name (<c>csrfToken</c>, <c>callbackUrl</c>).</param>
internal sealed partial record HtmlForm(string Action, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>
    /// The first form of <paramref name="html"/> whose action ends with <paramref name="actionSuffix"/>; asserts that
    /// there is one.
    /// </summary>
    public static HtmlForm Find(string html, string actionSuffix)
    {
        var form = Forms().Matches(html).FirstOrDefault(m => WebUtility.HtmlDecode(m.Groups["action"].Value).EndsWith(actionSuffix, StringComparison.Ordinal));
        Assert.True(form != null, $"The page has no form posting to …{actionSuffix}:\n{html}");
        var fields = HiddenInputs().Matches(form.Groups["body"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        return new HtmlForm(WebUtility.HtmlDecode(form.Groups["action"].Value), fields);
    }

    /// <summary>The fields to post: the hidden ones, then <paramref name="more"/> (which win on a name both have).</summary>
    public FormUrlEncodedContent Content(params (string Name, string Value)[] more)
    {
        var fields = new Dictionary<string, string>(Fields);
        foreach (var (name, value) in more)
        {
            fields[name] = value;
        }

        return new FormUrlEncodedContent(fields);
    }

    [GeneratedRegex(@"<form[^>]*action=""(?<action>[^""]*)""[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex Forms();

    [GeneratedRegex(@"<input type=""hidden"" name=""(?<name>[^""]+)"" value=""(?<value>[^""]*)""")]
    private static partial Regex HiddenInputs();
}
