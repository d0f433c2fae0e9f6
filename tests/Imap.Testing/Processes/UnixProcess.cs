using System.Globalization;
using System.Runtime.InteropServices;

namespace Imap.Testing.Processes;

/// <summary>
/// Low-level process control by PID through /proc and kill(2), so fixtures stop exactly the
/// processes they started and never match by name (other instances share the names).
/// </summary>
internal static partial class UnixProcess
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Identity of a process: a PID alone can be reused, PID plus start time cannot.</summary>
    internal readonly record struct Identity(int Pid, long StartTicks);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SysChown(string path, int uid, int gid);

    /// <summary>Changes the owner of one file or directory (no recursion).</summary>
    public static void Chown(string path, int uid, int gid)
    {
        if (SysChown(path, uid, gid) != 0)
        {
            throw new IOException($"chown {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Changes the owner of a directory tree.</summary>
    public static void ChownRecursive(string path, int uid, int gid)
    {
        Chown(path, uid, gid);
        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories))
        {
            Chown(entry, uid, gid);
        }
    }

    /// <summary>Sends a signal; returns false when the process no longer exists.</summary>
    public static bool Signal(int pid, int signal) => pid > 1 && SysKill(pid, signal) == 0;

    /// <summary>Sends a signal only if the PID still names the same process.</summary>
    public static bool Signal(Identity process, int signal) =>
        IsSameLiveProcess(process) && Signal(process.Pid, signal);

    /// <summary>Reads state, parent and start time from /proc/PID/stat; null when the process is gone.</summary>
    public static (char State, int ParentPid, long StartTicks)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    /// <summary>The identity of a live process, or null when it is gone.</summary>
    public static Identity? Identify(int pid) =>
        ReadStat(pid) is { } stat ? new Identity(pid, stat.StartTicks) : null;

    /// <summary>True while the process exists and is not a zombie (a zombie has already exited).</summary>
    public static bool IsAlive(int pid) => ReadStat(pid) is { } stat && stat.State != 'Z';

    /// <summary>True while the PID is alive and still the process that had that start time.</summary>
    public static bool IsSameLiveProcess(Identity process) =>
        ReadStat(process.Pid) is { } stat && stat.State != 'Z' && stat.StartTicks == process.StartTicks;

    /// <summary>All live descendants of a process (children, grandchildren, ...).</summary>
    public static List<Identity> Descendants(int rootPid)
    {
        var children = new Dictionary<int, List<Identity>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ReadStat(pid) is not { } stat || stat.State == 'Z')
            {
                continue;
            }

            if (!children.TryGetValue(stat.ParentPid, out var list))
            {
                children[stat.ParentPid] = list = [];
            }

            list.Add(new Identity(pid, stat.StartTicks));
        }

        var result = new List<Identity>();
        var pending = new Queue<int>();
        pending.Enqueue(rootPid);
        while (pending.TryDequeue(out var parent))
        {
            if (children.TryGetValue(parent, out var list))
            {
                foreach (var child in list)
                {
                    result.Add(child);
                    pending.Enqueue(child.Pid);
                }
            }
        }

        return result;
    }

    /// <summary>The command line of a process (arguments joined by spaces), or "" when unreadable.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Waits until none of the processes is alive; returns false on timeout.</summary>
    public static async Task<bool> WaitGoneAsync(IReadOnlyCollection<Identity> processes, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (processes.Any(IsSameLiveProcess))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Blocking variant for process-exit handlers, where awaiting is not possible.</summary>
    public static bool WaitGone(IReadOnlyCollection<Identity> processes, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (processes.Any(IsSameLiveProcess))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
