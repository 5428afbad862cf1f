using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AuthSite.AspNetCore.Middleware;

/// <summary>
/// Translates a Next.js matcher source into a .NET regular expression with the rules of
/// path-to-regexp 6 (<c>parse</c> + <c>tokensToRegexp</c>, prefixes <c>./</c>), so that
/// <c>/admin/:path*</c>, <c>/about/:slug</c>, <c>/((?!api).*)</c> and <c>{/:x}?</c> mean what they
/// mean in Next.js.
/// </summary>
/// <remarks>
/// Differences, all because <see cref="RequestMatcher"/> matches decoded, normalised paths
/// (<see cref="RequestPathNormalizer"/>) rather than Next.js's percent-encoded pathname:
/// a segment is <c>[^/]+</c> instead of <c>[^/#?]+?</c> (a decoded <c>?</c> or <c>#</c> is part of
/// a segment); literal text is percent-decoded like the path; groups do not capture; and a stray
/// <c>)</c> or a lone trailing <c>\</c> is an error instead of a literal.
/// </remarks>
internal static class MatcherSourceParser
{
    // path-to-regexp's default pattern for ":name", one segment. Greedy where path-to-regexp is lazy:
    // the regex is anchored at both ends and only answers "does it match", so both accept the same
    // paths, and greedy lets .NET make the loop atomic and search for the next '/' vectorised.
    private const string SegmentPattern = "[^/]+";

    private enum TokenKind
    {
        Open,
        Close,
        Pattern,
        Name,
        Char,
        EscapedChar,
        Modifier,
        End,
    }

    private readonly record struct Token(TokenKind Kind, int Index, string Text);

    /// <summary>A parsed matcher source.</summary>
    /// <param name="Regex">
    /// The regex for the path, without anchors: a sequence of escaped text and <c>(?:...)</c> groups
    /// (never a top-level alternation), to be followed by <c>/?</c> and the end of the path.
    /// </param>
    /// <param name="FixedSegments">
    /// The leading segments every matching path has: the decoded text of a plain segment, or
    /// <see langword="null"/> for a <c>:name</c> parameter, which is exactly one segment.
    /// <c>/admin/:path*</c> gives <c>["admin"]</c>, <c>/:locale/docs</c> gives <c>[null, "docs"]</c>,
    /// <c>/((?!api).*)</c> gives <c>[]</c>.
    /// </param>
    public readonly record struct ParsedSource(string Regex, string?[] FixedSegments);

    /// <summary>Parses a matcher source.</summary>
    /// <param name="source">The matcher source.</param>
    /// <returns>The regex for its path, without anchors, and the fixed segments it starts with.</returns>
    /// <exception cref="ArgumentException">The source is not a valid matcher; the message names it and says why.</exception>
    public static ParsedSource Parse(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new ArgumentException("A matcher source is empty; write a path such as \"/admin/:path*\".");
        }

        if (source[0] != '/')
        {
            throw Invalid(source, "it must start with '/'");
        }

        List<Token> tokens = Lex(source);
        return new ParsedSource(ToRegex(source, tokens), FixedSegments(tokens));
    }

    private static List<Token> Lex(string source)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < source.Length)
        {
            char c = source[i];
            switch (c)
            {
                case '*' or '+' or '?':
                    tokens.Add(new(TokenKind.Modifier, i, c.ToString()));
                    i++;
                    break;
                case '\\':
                    if (i + 1 == source.Length)
                    {
                        throw Invalid(source, "it ends with a lone '\\', which escapes nothing");
                    }

                    tokens.Add(new(TokenKind.EscapedChar, i, source[i + 1].ToString()));
                    i += 2;
                    break;
                case '{':
                    tokens.Add(new(TokenKind.Open, i, "{"));
                    i++;
                    break;
                case '}':
                    tokens.Add(new(TokenKind.Close, i, "}"));
                    i++;
                    break;
                case ':':
                    int nameEnd = i + 1;
                    while (nameEnd < source.Length && (char.IsAsciiLetterOrDigit(source[nameEnd]) || source[nameEnd] == '_'))
                    {
                        nameEnd++;
                    }

                    if (nameEnd == i + 1)
                    {
                        throw Invalid(source, $"the ':' at position {i} is not followed by a parameter name (letters, digits or '_')");
                    }

                    tokens.Add(new(TokenKind.Name, i, source[(i + 1)..nameEnd]));
                    i = nameEnd;
                    break;
                case '(':
                    tokens.Add(LexGroup(source, i, out i));
                    break;
                case ')':
                    throw Invalid(source, $"unbalanced parentheses: the ')' at position {i} closes no group");
                default:
                    tokens.Add(new(TokenKind.Char, i, c.ToString()));
                    i++;
                    break;
            }
        }

        tokens.Add(new(TokenKind.End, i, ""));
        return tokens;
    }

    // A "(...)" group holds the user's regex. As in path-to-regexp, inner groups must start with
    // "(?" because the group itself is the parameter: nested capturing groups are refused.
    private static Token LexGroup(string source, int open, out int next)
    {
        int j = open + 1;
        if (j < source.Length && source[j] == '?')
        {
            throw Invalid(source, $"the group at position {open} starts with '?'; put look-arounds inside an outer group, as in \"/((?!api).*)\"");
        }

        int depth = 1;
        var pattern = new StringBuilder();
        while (j < source.Length)
        {
            if (source[j] == '\\')
            {
                pattern.Append(source, j, Math.Min(2, source.Length - j));
                j += 2;
                continue;
            }

            if (source[j] == ')')
            {
                depth--;
                if (depth == 0)
                {
                    j++;
                    break;
                }
            }
            else if (source[j] == '(')
            {
                depth++;
                if (j + 1 == source.Length || source[j + 1] != '?')
                {
                    throw Invalid(source, $"nested capturing group at position {j}; use a non-capturing group \"(?:...)\" inside a group");
                }
            }

            pattern.Append(source[j]);
            j++;
        }

        if (depth != 0)
        {
            throw Invalid(source, $"unbalanced parentheses: the group opened at position {open} is never closed");
        }

        if (pattern.Length == 0)
        {
            throw Invalid(source, $"the group at position {open} is empty");
        }

        // A group that is a valid regex on its own cannot break out of the "(?:...)" it is put in.
        string text = pattern.ToString();
        try
        {
            _ = new Regex(text, RequestMatcher.PathOptions);
        }
        catch (ArgumentException exception)
        {
            throw Invalid(source, $"the group at position {open} is not a valid regular expression ({exception.Message.TrimEnd('.')})");
        }

        next = j;
        return new(TokenKind.Pattern, open, text);
    }

    private static string ToRegex(string source, List<Token> tokens)
    {
        var regex = new StringBuilder();
        var literal = new StringBuilder();
        int i = 0;

        Token? TryConsume(TokenKind kind) => i < tokens.Count && tokens[i].Kind == kind ? tokens[i++] : null;

        string ConsumeText()
        {
            var text = new StringBuilder();
            while ((TryConsume(TokenKind.Char) ?? TryConsume(TokenKind.EscapedChar)) is { } token)
            {
                text.Append(token.Text);
            }

            return text.ToString();
        }

        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                regex.Append(EscapeLiteral(literal.ToString()));
                literal.Clear();
            }
        }

        while (i < tokens.Count)
        {
            Token? prefixChar = TryConsume(TokenKind.Char);
            Token? name = TryConsume(TokenKind.Name);
            Token? group = TryConsume(TokenKind.Pattern);
            if (name is not null || group is not null)
            {
                // Only "/" and "." become the parameter's prefix (optional along with it); other text stays literal.
                string prefix = prefixChar?.Text ?? "";
                if (prefix is not ("/" or "."))
                {
                    literal.Append(prefix);
                    prefix = "";
                }

                FlushLiteral();
                Token parameter = name ?? group.GetValueOrDefault();
                AppendParameter(source, regex, parameter, prefix, group?.Text ?? SegmentPattern, "", TryConsume(TokenKind.Modifier));
                continue;
            }

            Token? text = prefixChar ?? TryConsume(TokenKind.EscapedChar);
            if (text is not null)
            {
                literal.Append(text.Value.Text);
                continue;
            }

            FlushLiteral();
            if (TryConsume(TokenKind.Open) is { } open)
            {
                string prefix = ConsumeText();
                Token? blockName = TryConsume(TokenKind.Name);
                Token? blockGroup = TryConsume(TokenKind.Pattern);
                string suffix = ConsumeText();
                if (TryConsume(TokenKind.Close) is null)
                {
                    Token found = tokens[i];
                    throw Invalid(source, found.Kind == TokenKind.End
                        ? $"the '{{' at position {open.Index} is never closed by '}}'"
                        : $"unexpected {Describe(found)} at position {found.Index} inside the '{{...}}' opened at position {open.Index}");
                }

                string pattern = blockGroup?.Text ?? (blockName is null ? "" : SegmentPattern);
                AppendParameter(source, regex, blockName ?? blockGroup ?? open, prefix, pattern, suffix, TryConsume(TokenKind.Modifier));
                continue;
            }

            Token end = tokens[i];
            if (end.Kind != TokenKind.End)
            {
                throw Invalid(source, end.Kind switch
                {
                    TokenKind.Modifier => $"the modifier '{end.Text}' at position {end.Index} does not follow a parameter or group; "
                        + "only one of '?', '*', '+' may follow ':name', '(...)' or '{...}' (for any path below, write \"/:path*\" or \"/(.*)\")",
                    TokenKind.Close => $"the '}}' at position {end.Index} closes no '{{'",
                    _ => $"unexpected {Describe(end)} at position {end.Index}",
                });
            }

            i++;
        }

        return regex.ToString();
    }

    // Reads segments from the start while every match is sure to have them: plain text or a lone
    // ":name", each followed by a boundary that cannot be skipped. Stops at anything that could
    // span, skip or share a segment (a group, a modifier, "{", text next to a parameter).
    private static string?[] FixedSegments(List<Token> tokens)
    {
        var segments = new List<string?>();
        int slash = 0;
        while (tokens[slash].Kind != TokenKind.End)
        {
            int next = slash + 1;
            string? segment = null;
            if (tokens[next].Kind == TokenKind.Name)
            {
                next++;
            }
            else
            {
                var text = new StringBuilder();
                while (tokens[next].Kind is TokenKind.Char or TokenKind.EscapedChar && !IsSlash(tokens[next]))
                {
                    text.Append(tokens[next++].Text);
                }

                if (text.Length == 0)
                {
                    break;
                }

                segment = Decode(text.ToString());
                if (segment is "." or ".." || segment.Contains('/'))
                {
                    break;
                }
            }

            if (!EndsSegment(tokens, next))
            {
                break;
            }

            segments.Add(segment);
            slash = next;
        }

        return [.. segments];
    }

    // Whether every match has a segment boundary at tokens[i]: the end, or a '/' that is not the
    // optional prefix of a parameter ("/admin/:x?foo" also matches "/adminfoo").
    private static bool EndsSegment(List<Token> tokens, int i)
    {
        if (tokens[i].Kind == TokenKind.End)
        {
            return true;
        }

        if (!IsSlash(tokens[i]))
        {
            return false;
        }

        int j = i + 1;
        if (tokens[j].Kind == TokenKind.Name)
        {
            j++;
        }

        if (tokens[j].Kind == TokenKind.Pattern)
        {
            j++;
        }

        bool optionalPrefix = j > i + 1 && tokens[j].Kind == TokenKind.Modifier && tokens[j].Text is "?" or "*";
        return !optionalPrefix || EndsSegment(tokens, j + 1);
    }

    private static bool IsSlash(Token token) => token.Kind is TokenKind.Char or TokenKind.EscapedChar && token.Text == "/";

    private static void AppendParameter(string source, StringBuilder regex, Token at, string prefix, string pattern, string suffix, Token? modifierToken)
    {
        string modifier = modifierToken?.Text ?? "";
        string before = EscapeLiteral(prefix);
        string after = EscapeLiteral(suffix);
        if (pattern.Length == 0)
        {
            regex.Append(CultureInfo.InvariantCulture, $"(?:{before}{after}){modifier}");
        }
        else if (before.Length == 0 && after.Length == 0)
        {
            if (modifier is "*" or "+")
            {
                throw Invalid(source, $"the parameter at position {at.Index} cannot repeat ('{modifier}') without a '/' or '.' before it; write it as \"/:name{modifier}\"");
            }

            regex.Append(CultureInfo.InvariantCulture, $"(?:{pattern}){modifier}");
        }
        else if (modifier is "*" or "+")
        {
            // One or more occurrences, each with its prefix and suffix; "*" makes the whole run optional.
            string optional = modifier == "*" ? "?" : "";
            regex.Append(CultureInfo.InvariantCulture, $"(?:{before}(?:{pattern})(?:{after}{before}(?:{pattern}))*{after}){optional}");
        }
        else
        {
            regex.Append(CultureInfo.InvariantCulture, $"(?:{before}(?:{pattern}){after}){modifier}");
        }
    }

    private static string EscapeLiteral(string text) => text.Length == 0 ? text : Regex.Escape(Decode(text));

    // Literal text is compared with the normalised path, so it is decoded the same way.
    private static string Decode(string text)
    {
        Span<char> decoded = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        int length = RequestPathNormalizer.PercentDecode(text, decoded);
        return decoded[..length].ToString().Replace('\\', '/');
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.Name => $"parameter ':{token.Text}'",
        TokenKind.Pattern => "group",
        TokenKind.End => "end",
        _ => $"'{token.Text}'",
    };

    private static ArgumentException Invalid(string source, string reason) =>
        new($"Invalid matcher source \"{source}\": {reason}.");
}
