namespace Imap.Sync.Tests;

/// <summary>A scratch directory removed at dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    /// <param name="under">The parent directory; the system's temporary directory by default.</param>
    public TempDirectory(string? under = null)
    {
        Path = under is null
            ? Directory.CreateTempSubdirectory("imapsync-sync-tests-").FullName
            : Directory.CreateDirectory(System.IO.Path.Combine(under, "imapsync-sync-tests-" + Guid.NewGuid().ToString("N"))).FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
