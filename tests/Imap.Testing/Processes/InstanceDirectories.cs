using System.Globalization;

namespace Imap.Testing.Processes;

/// <summary>
/// Per-instance temp directories named <c>imap-testing-KIND-RANDOM</c>, each with an <c>owner</c> file
/// (PID and start time of the test process) and the server's <c>run/master.pid</c>. A test process
/// killed hard (a hang timeout, SIGKILL) cannot clean up, so every new test process first sweeps the
/// directories whose owner is dead: it kills their server by PID and deletes them. test.sh runs the
/// same sweep after the test run.
/// </summary>
internal static class InstanceDirectories
{
    public const string Prefix = "imap-testing-";

    private static readonly Lazy<bool> Swept = new(() =>
    {
        SweepOrphans();
        return true;
    });

    /// <summary>Creates a fresh instance directory (mode 0755, so mail and login users can traverse it).</summary>
    public static string Create(string kind)
    {
        _ = Swept.Value;
        var path = Path.Combine(Path.GetTempPath(), Prefix + kind + "-" + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
        Directory.CreateDirectory(path);
        FileModes.Set(path, FileModes.Traversable);
        var self = UnixProcess.Identify(Environment.ProcessId)
            ?? throw new InvalidOperationException("cannot read /proc/self/stat");
        File.WriteAllText(Path.Combine(path, "owner"),
            $"{self.Pid.ToString(CultureInfo.InvariantCulture)} {self.StartTicks.ToString(CultureInfo.InvariantCulture)}\n");
        return path;
    }

    /// <summary>
    /// Kills the server recorded in <c>run/master.pid</c> (only if its command line names this
    /// directory) and all its descendants, then deletes the directory. Blocking: usable at process exit.
    /// </summary>
    public static void ForceRemove(string path)
    {
        if (ReadMaster(path) is { } master)
        {
            var victims = UnixProcess.Descendants(master.Pid);
            victims.Add(master);
            foreach (var victim in victims)
            {
                UnixProcess.Signal(victim, UnixProcess.SigKill);
            }

            UnixProcess.WaitGone(victims, TimeSpan.FromSeconds(3));
        }

        DeleteTree(path);
    }

    /// <summary>The live server process recorded in the directory, if its command line names the directory.</summary>
    public static UnixProcess.Identity? ReadMaster(string path)
    {
        var pidFile = Path.Combine(path, "run", "master.pid");
        if (!File.Exists(pidFile)
            || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !UnixProcess.IsAlive(pid)
            || !UnixProcess.CommandLine(pid).Contains(path, StringComparison.Ordinal))
        {
            return null;
        }

        return UnixProcess.Identify(pid);
    }

    /// <summary>Deletes a directory tree, retrying briefly while a dying process still writes into it.</summary>
    public static void DeleteTree(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Kills and deletes the instances whose owning test process is dead.</summary>
    internal static void SweepOrphans()
    {
        foreach (var path in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            if (!IsOwnerAlive(path))
            {
                try
                {
                    ForceRemove(path);
                }
                catch (IOException)
                {
                    // Another test process may be sweeping the same orphan; it is gone either way.
                }
                catch (UnauthorizedAccessException)
                {
                    // Someone else's directory: not ours to remove.
                }
            }
        }
    }

    private static bool IsOwnerAlive(string path)
    {
        try
        {
            var fields = File.ReadAllText(Path.Combine(path, "owner")).Split(' ', StringSplitOptions.TrimEntries);
            var owner = new UnixProcess.Identity(
                int.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
            return UnixProcess.IsSameLiveProcess(owner);
        }
        catch (FileNotFoundException)
        {
            // Just created by another process that has not written the owner file yet.
            return Directory.GetCreationTimeUtc(path) > DateTime.UtcNow.AddMinutes(-1);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
