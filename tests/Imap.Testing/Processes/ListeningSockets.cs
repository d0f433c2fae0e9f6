using System.Globalization;

namespace Imap.Testing.Processes;

/// <summary>
/// Which process listens on a loopback TCP port, from /proc/net/tcp and /proc/PID/fd. Used to make sure
/// a greeting really comes from the server we started, not from another one that took the port first.
/// </summary>
internal static class ListeningSockets
{
    /// <summary>True if <paramref name="pid"/> holds the listening socket of 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool IsListeningOn(int pid, int port)
    {
        var wanted = $"0100007F:{port.ToString("X4", CultureInfo.InvariantCulture)}";
        string? inode = null;
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[1] == wanted && fields[3] == "0A")
            {
                inode = fields[9];
                break;
            }
        }

        if (inode is null)
        {
            return false;
        }

        try
        {
            var target = $"socket:[{inode}]";
            return Directory.EnumerateFileSystemEntries($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd")
                .Any(fd => new FileInfo(fd).LinkTarget == target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
