using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace AuthSite.AspNetCore.Middleware;

/// <summary>
/// Files compiled matcher entries under the fixed segments their paths start with
/// (<see cref="MatcherSourceParser.ParsedSource.FixedSegments"/>), so that a request path is
/// tested only against entries whose fixed segments it has: one dictionary lookup per path
/// segment instead of one test per entry, however many entries there are.
/// </summary>
/// <remarks>
/// This only narrows the candidates; each entry's regex still decides. Plain segments are looked
/// up with <see cref="StringComparer.OrdinalIgnoreCase"/>, as routing compares them.
/// </remarks>
internal sealed class SegmentTrie
{
    private readonly Node _root;

    private SegmentTrie(Node root)
    {
        _root = root;
    }

    /// <summary>The entries filed under one trie node, compiled together.</summary>
    public interface IBucket
    {
        /// <summary>Tells whether an entry in the bucket matches.</summary>
        /// <param name="normalPath">The normalised path with its trailing slash.</param>
        /// <param name="request">The request, or <see langword="null"/> when only the path is known.</param>
        /// <returns><see langword="true"/> when an entry matches.</returns>
        bool IsMatch(ReadOnlySpan<char> normalPath, HttpRequest? request);
    }

    /// <summary>Builds a trie.</summary>
    /// <param name="entries">The entries with their fixed segments.</param>
    /// <param name="compile">Compiles the entries filed under one node.</param>
    /// <returns>The trie.</returns>
    public static SegmentTrie Create<TEntry>(IEnumerable<(string?[] FixedSegments, TEntry Entry)> entries, Func<IReadOnlyList<TEntry>, IBucket> compile)
    {
        var root = new Builder<TEntry>();
        foreach ((string?[] segments, TEntry entry) in entries)
        {
            Builder<TEntry> node = root;
            foreach (string? segment in segments)
            {
                node = segment is null ? node.Parameter ??= new() : node.Child(segment);
            }

            node.Entries.Add(entry);
        }

        return new SegmentTrie(root.Build(compile));
    }

    /// <summary>Tells whether an entry filed along the path matches it.</summary>
    /// <param name="normalPath">The normalised path; every segment but the root's ends with '/'.</param>
    /// <param name="request">The request, or <see langword="null"/> when only the path is known.</param>
    /// <returns><see langword="true"/> when an entry matches.</returns>
    public bool IsMatch(ReadOnlySpan<char> normalPath, HttpRequest? request) => IsMatch(_root, normalPath, 0, request);

    // slash: the index of the '/' before the node's next segment.
    private static bool IsMatch(Node node, ReadOnlySpan<char> path, int slash, HttpRequest? request)
    {
        if (node.Bucket?.IsMatch(path, request) == true)
        {
            return true;
        }

        int start = slash + 1;
        int length = start < path.Length && node.HasChildren ? path[start..].IndexOf('/') : -1;
        if (length <= 0)
        {
            return false;
        }

        int end = start + length;
        return (node.Children.TryGetValue(path[start..end], out Node? child) && IsMatch(child, path, end, request))
            || (node.Parameter is not null && IsMatch(node.Parameter, path, end, request));
    }

    private sealed class Node(IBucket? bucket, FrozenDictionary<string, Node> children, Node? parameter)
    {
        public IBucket? Bucket { get; } = bucket;

        public FrozenDictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> Children { get; } =
            children.GetAlternateLookup<ReadOnlySpan<char>>();

        public Node? Parameter { get; } = parameter;

        public bool HasChildren { get; } = children.Count > 0 || parameter is not null;
    }

    private sealed class Builder<TEntry>
    {
        private readonly Dictionary<string, Builder<TEntry>> _children = new(StringComparer.OrdinalIgnoreCase);

        public List<TEntry> Entries { get; } = [];

        public Builder<TEntry>? Parameter { get; set; }

        public Builder<TEntry> Child(string segment)
        {
            if (!_children.TryGetValue(segment, out Builder<TEntry>? child))
            {
                child = new Builder<TEntry>();
                _children.Add(segment, child);
            }

            return child;
        }

        public Node Build(Func<IReadOnlyList<TEntry>, IBucket> compile) => new(
            Entries.Count == 0 ? null : compile(Entries),
            _children.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.Build(compile), StringComparer.OrdinalIgnoreCase),
            Parameter?.Build(compile));
    }
}
