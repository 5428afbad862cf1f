using System.Collections.Frozen;

namespace AuthSite.Auth.Middleware;

/// <summary>
/// Groups compiled matcher entries by the literal first segment of their source, so that a path is
/// tested only against the entries that can match it: one dictionary lookup instead of a test per
/// entry. Entries without a literal first segment (<c>/:slug</c>, <c>/((?!api).*)</c>) form one
/// more group that every path is tested against.
/// </summary>
/// <typeparam name="T">What a group of entries is compiled to.</typeparam>
internal sealed class FirstSegmentIndex<T>
    where T : class
{
    private readonly FrozenDictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _bySegment;

    private FirstSegmentIndex(FrozenDictionary<string, T> bySegment, T? other)
    {
        _bySegment = bySegment.GetAlternateLookup<ReadOnlySpan<char>>();
        Other = other;
    }

    /// <summary>The group of entries without a literal first segment, if any.</summary>
    public T? Other { get; }

    /// <summary>Builds an index.</summary>
    /// <param name="entries">The entries with their literal first segment, or <see langword="null"/>.</param>
    /// <param name="compile">Compiles one group of entries.</param>
    /// <returns>The index.</returns>
    public static FirstSegmentIndex<T> Create<TEntry>(IEnumerable<(string? FirstSegment, TEntry Entry)> entries, Func<IReadOnlyList<TEntry>, T> compile)
    {
        var bySegment = new Dictionary<string, List<TEntry>>(StringComparer.OrdinalIgnoreCase);
        var other = new List<TEntry>();
        foreach ((string? segment, TEntry entry) in entries)
        {
            if (segment is null)
            {
                other.Add(entry);
            }
            else if (bySegment.TryGetValue(segment, out List<TEntry>? group))
            {
                group.Add(entry);
            }
            else
            {
                bySegment.Add(segment, [entry]);
            }
        }

        // Routing compares literal segments with OrdinalIgnoreCase, so the lookup does too.
        return new FirstSegmentIndex<T>(
            bySegment.ToFrozenDictionary(pair => pair.Key, pair => compile(pair.Value), StringComparer.OrdinalIgnoreCase),
            other.Count == 0 ? null : compile(other));
    }

    /// <summary>Returns the group for the first segment of a normalised path, if any.</summary>
    /// <param name="normalPath">A path in normal form, starting with <c>/</c>.</param>
    /// <returns>The group, or <see langword="null"/>.</returns>
    public T? Find(ReadOnlySpan<char> normalPath)
    {
        ReadOnlySpan<char> rest = normalPath[1..];
        int slash = rest.IndexOf('/');
        return _bySegment.TryGetValue(slash < 0 ? rest : rest[..slash], out T? group) ? group : null;
    }
}
