namespace Imap.Testing.Processes;

/// <summary>Unix permission bits (the fixtures run on Linux only; the guard keeps the analyzer satisfied).</summary>
internal static class FileModes
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the IMAP test fixtures need Linux");
        }

        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Creates or truncates a file with the given mode before writing, so no secret is ever world-readable.</summary>
    public static void WriteAllText(string path, string text, UnixFileMode mode)
    {
        File.WriteAllText(path, "");
        Set(path, mode);
        File.WriteAllText(path, text);
    }
}
