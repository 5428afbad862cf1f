using System.Net;
using System.Text.RegularExpressions;

namespace Company.WebApplication1.Tests.Integration.Support;

/// <summary>Just enough HTML reading for the site's pages: elements by <c>data-testid</c>, inputs by name.</summary>
public static partial class Html
{
    /// <summary>The decoded text inside the element with <c>data-testid="<paramref name="testId"/>"</c>, or <see langword="null"/>.</summary>
    public static string? TestIdText(string html, string testId)
    {
        var match = Regex.Match(html, $"<(?<tag>[a-z0-9]+)[^>]*\\sdata-testid=\"{Regex.Escape(testId)}\"[^>]*>(?<inner>.*?)</\\k<tag>>", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        return match.Success ? WebUtility.HtmlDecode(StripTags().Replace(match.Groups["inner"].Value, "")).Trim() : null;
    }

    /// <summary>Whether an element with this <c>data-testid</c> exists.</summary>
    public static bool HasTestId(string html, string testId) => html.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal);

    /// <summary>The decoded <c>value</c> of the (first) <c>input</c> named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static string? InputValue(string html, string name)
    {
        var input = Inputs(html).FirstOrDefault(i => AttributeValue(i, "name") == name);
        return input is null ? null : AttributeValue(input, "value");
    }

    /// <summary>Every <c>input</c> tag, as raw markup.</summary>
    public static IEnumerable<string> Inputs(string html) => InputTag().Matches(html).Select(m => m.Value);

    /// <summary>The <c>action</c> of every form.</summary>
    public static IEnumerable<string> FormActions(string html) =>
        FormTag().Matches(html).Select(m => AttributeValue(m.Value, "action")).OfType<string>();

    public static string? AttributeValue(string tag, string attribute)
    {
        var match = Regex.Match(tag, $"\\s{Regex.Escape(attribute)}=\"(?<v>[^\"]*)\"", RegexOptions.IgnoreCase);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["v"].Value) : null;
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex StripTags();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("<form\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();
}
