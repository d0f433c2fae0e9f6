namespace Imap.Sync.Ports;

/// <summary>
/// A message body kept in a private temporary file instead of memory (large messages). The file is
/// deleted when this is disposed (or when the process ends: it is opened delete-on-close).
/// </summary>
public sealed class SpooledBody : IDisposable
{
    private readonly FileStream _file;

    private SpooledBody(FileStream file) => _file = file;

    /// <summary>Bytes written so far.</summary>
    public long Length => _file.Length;

    /// <summary>Creates an empty spool file, readable and writable only by this user, in <paramref name="directory"/>.</summary>
    internal static SpooledBody Create(string directory)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new SpooledBody(new FileStream(Path.Combine(directory, "imapsync-" + Guid.NewGuid().ToString("N") + ".eml"), options));
    }

    /// <summary>Appends bytes.</summary>
    internal ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => _file.WriteAsync(bytes, cancellationToken);

    /// <summary>The whole body from its start, for one reader at a time; not to be disposed by the reader.</summary>
    public Stream Rewind()
    {
        _file.Position = 0;
        return _file;
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();
}
