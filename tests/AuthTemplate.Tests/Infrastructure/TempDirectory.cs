namespace AuthTemplate.Tests.Infrastructure;

/// <summary>A new folder under the system's temp folder, deleted with everything in it on <see cref="Dispose"/>.</summary>
internal sealed class TempDirectory(string prefix) : IDisposable
{
    /// <summary>The folder's full path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose() => TemplateFixture.DeleteDirectory(Path);
}
