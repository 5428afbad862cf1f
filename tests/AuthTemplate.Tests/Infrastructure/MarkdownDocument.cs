using System.Text.RegularExpressions;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// Reads sections and fenced code blocks out of a Markdown file (a generated README), so that tests run the commands a
/// reader is told to run, as written.
/// </summary>
internal sealed partial class MarkdownDocument(string text)
{
    private readonly string[] _lines = text.Replace("\r\n", "\n").Split('\n');

    public static MarkdownDocument Load(string path) => new(File.ReadAllText(path));

    /// <summary>
    /// The lines under <paramref name="heading"/> (the full heading line, e.g. <c>### Run in Production</c>) up to the
    /// next heading of the same or a higher level. Throws when the heading is missing or appears twice.
    /// </summary>
    public string Section(string heading)
    {
        var starts = Enumerable.Range(0, _lines.Length).Where(i => _lines[i].TrimEnd() == heading).ToList();
        if (starts.Count != 1)
        {
            throw new InvalidOperationException($"Expected one '{heading}' heading in the README, found {starts.Count}.");
        }

        var level = heading.TakeWhile(c => c == '#').Count();
        var body = new List<string>();
        var inFence = false;
        foreach (var line in _lines.Skip(starts[0] + 1))
        {
            inFence ^= line.TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (!inFence && HeadingLine().Match(line) is { Success: true } match && match.Groups["level"].Length <= level)
            {
                break;
            }

            body.Add(line);
        }

        return string.Join('\n', body);
    }

    /// <summary>
    /// The content (without the fences) of the one code block fenced as <c>```<paramref name="language"/></c> under
    /// <paramref name="heading"/>. Throws when there is none or more than one.
    /// </summary>
    public string CodeBlock(string heading, string language)
    {
        var blocks = new List<string>();
        List<string>? current = null;
        foreach (var line in Section(heading).Split('\n'))
        {
            if (current is null && line.Trim() == "```" + language)
            {
                current = [];
            }
            else if (current is not null && line.Trim() == "```")
            {
                blocks.Add(string.Join('\n', current));
                current = null;
            }
            else
            {
                current?.Add(line);
            }
        }

        return blocks.Count == 1
            ? blocks[0]
            : throw new InvalidOperationException($"Expected one ```{language} block under '{heading}' in the README, found {blocks.Count}.");
    }

    [GeneratedRegex("^(?<level>#{1,6}) ")]
    private static partial Regex HeadingLine();
}
