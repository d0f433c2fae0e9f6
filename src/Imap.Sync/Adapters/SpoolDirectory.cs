namespace Imap.Sync.Adapters;

/// <summary>
/// The directory one run spools large message bodies into (mode 0700). Spool files are deleted when
/// closed, but a run killed with SIGKILL closes nothing: claiming the directory first removes what such
/// a run left there, and disposing removes the directory. The caller must own it exclusively (the
/// CLI uses one per database, whose lock already keeps a second run away).
/// </summary>
public sealed class SpoolDirectory : IDisposable
{
    private SpoolDirectory(string path) => Path = path;

    /// <summary>The directory's path.</summary>
    public string Path { get; }

    /// <summary>Removes <paramref name="path"/> with whatever an earlier run left in it, then creates it empty and private.</summary>
    public static SpoolDirectory Claim(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Remove(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new SpoolDirectory(path);
    }

    /// <summary>Deletes the directory and anything still in it.</summary>
    public void Dispose() => Remove(Path);

    private static void Remove(string path)
    {
        var directory = new DirectoryInfo(path);
        if (directory.LinkTarget is not null)
        {
            // Never follow a link planted in its place: remove the link only.
            directory.Delete();
        }
        else if (directory.Exists)
        {
            directory.Delete(recursive: true);
        }
    }
}
