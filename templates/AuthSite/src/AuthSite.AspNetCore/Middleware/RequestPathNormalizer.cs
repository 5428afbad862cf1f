using System.Buffers;
using System.Text;

namespace AuthSite.AspNetCore.Middleware;

/// <summary>
/// Puts a request path into the one spelling <see cref="RequestMatcher"/> matches against, so that
/// every variant ASP.NET Core routing could send to the same page is matched the same way.
/// </summary>
/// <remarks>
/// The normal form starts with <c>/</c>; every <c>%XX</c> escape is decoded once (<c>%2F</c> and
/// <c>%5C</c> included; bytes that are not valid UTF-8 stay escaped, as Kestrel leaves them);
/// <c>\</c> counts as <c>/</c>; empty and <c>.</c> segments are removed; <c>..</c> removes the
/// segment before it and never climbs above the root; there is no trailing <c>/</c> except for the
/// root itself. Letter case is kept (the matcher ignores it) and so is <c>;</c>, which ASP.NET Core
/// does not treat as a separator.
/// </remarks>
internal static class RequestPathNormalizer
{
    // Paths up to this length are worked on in stack memory.
    private const int StackLimit = 256;

    private static readonly SearchValues<char> s_mayNeedWork = SearchValues.Create("%\\.");

    /// <summary>Returns the normal form of a request path.</summary>
    /// <param name="path">The path, as in <c>HttpRequest.Path</c>; <see langword="null"/> or empty means the root.</param>
    /// <returns>The normal form; <paramref name="path"/> itself, without allocating, when it is already normal.</returns>
    public static string Normalize(string? path) => Rebuild(path, decode: true);

    /// <summary>
    /// Returns the path as ASP.NET Core routing reads it: nothing is decoded (the server has decoded all but <c>%2F</c>),
    /// only <c>/</c> separates segments and <c>.</c> and <c>..</c> are segments like any other, so <c>/files/a%2F..%2F..</c>
    /// keeps one segment <c>a%2F..%2F..</c>. Empty segments and a trailing <c>/</c> are removed.
    /// </summary>
    /// <param name="path">The path, as in <c>HttpRequest.Path</c>; <see langword="null"/> or empty means the root.</param>
    /// <returns>The routed form; <paramref name="path"/> itself, without allocating, when it is already in normal form.</returns>
    public static string NormalizeSegments(string? path) => Rebuild(path, decode: false);

    /// <summary>Tells, without allocating, whether a path is already in normal form.</summary>
    /// <param name="path">The path.</param>
    /// <returns>
    /// <see langword="true"/> when the path needs no work; <see langword="false"/> when it has
    /// anything to look at, even if that turns out to change nothing (a <c>%</c> that starts no escape).
    /// </returns>
    public static bool IsNormalized(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || path[0] != '/')
        {
            return false;
        }

        if (path.Length == 1)
        {
            return true;
        }

        if (path[^1] == '/' || path.IndexOf("//") >= 0)
        {
            return false;
        }

        // One vectorised scan for the characters that may need work. A '.' does only when it
        // starts a "." or ".." segment; in a file name ("/site.css") it does not.
        int i = 0;
        while (true)
        {
            int found = path[i..].IndexOfAny(s_mayNeedWork);
            if (found < 0)
            {
                return true;
            }

            i += found;
            if (path[i] != '.')
            {
                return false;
            }

            if (path[i - 1] == '/')
            {
                int next = i + 1;
                if (next == path.Length || path[next] == '/'
                    || (path[next] == '.' && (next + 1 == path.Length || path[next + 1] == '/')))
                {
                    return false;
                }
            }

            i++;
        }
    }

    /// <summary>Writes the normal form of <paramref name="path"/> to <paramref name="destination"/>.</summary>
    /// <param name="path">The path.</param>
    /// <param name="destination">At least <c>path.Length + 1</c> characters long.</param>
    /// <returns>The number of characters written.</returns>
    internal static int Normalize(ReadOnlySpan<char> path, Span<char> destination)
    {
        if (IsNormalized(path))
        {
            path.CopyTo(destination);
            return path.Length;
        }

        // Decoding only shrinks the text, so the decoded path fits in path.Length characters.
        char[]? rented = null;
        Span<char> decoded = path.Length <= StackLimit
            ? stackalloc char[path.Length]
            : (rented = ArrayPool<char>.Shared.Rent(path.Length));
        try
        {
            int decodedLength = PercentDecode(path, decoded);
            return RebuildSegments(decoded[..decodedLength], destination, decodedForm: true);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static string Rebuild(string? path, bool decode)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        if (IsNormalized(path))
        {
            return path;
        }

        int capacity = path.Length + 1;
        char[]? rented = null;
        Span<char> buffer = capacity <= StackLimit
            ? stackalloc char[capacity]
            : (rented = ArrayPool<char>.Shared.Rent(capacity));
        try
        {
            int length = decode ? Normalize(path, buffer) : RebuildSegments(path, buffer, decodedForm: false);
            return new string(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Decodes every <c>%XX</c> escape once. Escaped bytes that do not form a valid UTF-8 sequence are
    /// copied as they are. Never writes more characters than <paramref name="source"/> has.
    /// </summary>
    internal static int PercentDecode(ReadOnlySpan<char> source, Span<char> destination)
    {
        Span<byte> sequence = stackalloc byte[4];
        int written = 0;
        int i = 0;
        while (i < source.Length)
        {
            if (!TryReadEscapedByte(source, i, out byte lead))
            {
                destination[written++] = source[i++];
                continue;
            }

            if (lead < 0x80)
            {
                destination[written++] = (char)lead;
                i += 3;
                continue;
            }

            int expected = lead switch
            {
                >= 0xC2 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                _ => 0,
            };
            int count = 0;
            while (count < expected && TryReadEscapedByte(source, i + (count * 3), out byte next))
            {
                sequence[count++] = next;
            }

            if (count == expected && Rune.DecodeFromUtf8(sequence[..count], out Rune rune, out int consumed) == OperationStatus.Done
                && consumed == count)
            {
                written += rune.EncodeToUtf16(destination[written..]);
                i += count * 3;
            }
            else
            {
                source.Slice(i, 3).CopyTo(destination[written..]);
                written += 3;
                i += 3;
            }
        }

        return written;
    }

    private static bool TryReadEscapedByte(ReadOnlySpan<char> source, int index, out byte value)
    {
        if (index + 2 < source.Length && source[index] == '%'
            && char.IsAsciiHexDigit(source[index + 1]) && char.IsAsciiHexDigit(source[index + 2]))
        {
            value = (byte)((HexValue(source[index + 1]) << 4) | HexValue(source[index + 2]));
            return true;
        }

        value = 0;
        return false;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    // Rebuilds the path segment by segment: empty segments vanish; in the decoded form "\" separates too, "." segments
    // vanish and ".." drops the previous segment. Writes at most source.Length + 1 characters.
    private static int RebuildSegments(ReadOnlySpan<char> source, Span<char> destination, bool decodedForm)
    {
        int written = 0;
        int i = 0;
        while (i < source.Length)
        {
            if (source[i] == '/' || (decodedForm && source[i] == '\\'))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < source.Length && source[i] != '/' && !(decodedForm && source[i] == '\\'))
            {
                i++;
            }

            ReadOnlySpan<char> segment = source[start..i];
            if (decodedForm && segment is ".")
            {
                continue;
            }

            if (decodedForm && segment is "..")
            {
                if (written > 0)
                {
                    written = destination[..written].LastIndexOf('/');
                }

                continue;
            }

            destination[written++] = '/';
            segment.CopyTo(destination[written..]);
            written += segment.Length;
        }

        if (written == 0)
        {
            destination[written++] = '/';
        }

        return written;
    }
}
