namespace AuthTemplate.Tests.Infrastructure;

/// <summary>A site instantiated from the template for one combination, as it was right after `dotnet new`.</summary>
public sealed class GeneratedSite
{
    public GeneratedSite(TemplateCombination combination, string directory, IReadOnlyList<string> files, bool restoredOnCreate, TimeSpan createDuration)
    {
        Combination = combination;
        Directory = directory;
        Files = files;
        RestoredOnCreate = restoredOnCreate;
        CreateDuration = createDuration;
    }

    public TemplateCombination Combination { get; }

    /// <summary>The output folder (artifacts/template-tests/&lt;combination&gt;).</summary>
    public string Directory { get; }

    /// <summary>Relative paths ('/'-separated, ordinal order) of the generated files, without bin/ and obj/.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Whether the restore post action had produced obj/project.assets.json when `dotnet new` returned.</summary>
    public bool RestoredOnCreate { get; }

    public TimeSpan CreateDuration { get; }

    public string FullPath(string relativePath) => Path.Combine(Directory, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public string ReadText(string relativePath) => File.ReadAllText(FullPath(relativePath));

    /// <summary>The generated files that hold text (no NUL byte in their first 8 KB).</summary>
    public IEnumerable<string> TextFiles => Files.Where(f => IsText(FullPath(f)));

    /// <summary>Lists a folder's files as relative '/'-separated paths in ordinal order, skipping bin/, obj/ and TestResults/.</summary>
    public static IReadOnlyList<string> ListFiles(string directory) =>
        System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').SkipLast(1).Any(segment => segment is "bin" or "obj" or "TestResults"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    private static bool IsText(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[8192];
        var read = stream.Read(buffer, 0, buffer.Length);
        return Array.IndexOf(buffer, (byte)0, 0, read) < 0;
    }
}
