using System.Diagnostics;

namespace Imap.Testing.Processes;

/// <summary>
/// A server master process run in the foreground as our child (so we reap it and know its PID from
/// the start), with stdio redirected to a log file by the shell (a runner that reads inherited stdio
/// to EOF would hang). Stopped by PID: SIGTERM, then SIGKILL for it and its descendants.
/// </summary>
internal sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;

    private DaemonProcess(Process process)
    {
        _process = process;
        Identity = UnixProcess.Identify(process.Id) ?? new UnixProcess.Identity(process.Id, 0);
    }

    public UnixProcess.Identity Identity { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Runs <paramref name="command"/> through /bin/sh with stdio to <paramref name="logPath"/>, in its own
    /// session (setsid): a master that signals its process group (Cyrus's does on shutdown) must not hit
    /// the test host. exec and setsid (no fork: the shell is not a group leader) keep the PID.
    /// </summary>
    public static DaemonProcess Start(string command, string logPath)
    {
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = "/" };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add($"exec /usr/bin/setsid {command} </dev/null >>{ShellQuote(logPath)} 2>&1");
        return new DaemonProcess(Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {command}"));
    }

    /// <summary>
    /// SIGTERM, wait up to <paramref name="graceful"/> for it and its descendants (and for the server
    /// recorded in <paramref name="instanceDirectory"/>'s master.pid, if different), then SIGKILL the rest.
    /// Throws if anything survives SIGKILL.
    /// </summary>
    public async Task StopAsync(string instanceDirectory, TimeSpan graceful)
    {
        var victims = UnixProcess.Descendants(Identity.Pid);
        victims.Add(Identity);
        if (InstanceDirectories.ReadMaster(instanceDirectory) is { } recorded && recorded != Identity)
        {
            victims.Add(recorded);
        }

        UnixProcess.Signal(Identity, UnixProcess.SigTerm);
        if (!await UnixProcess.WaitGoneAsync(victims, graceful))
        {
            foreach (var victim in victims)
            {
                UnixProcess.Signal(victim, UnixProcess.SigKill);
            }

            if (!await UnixProcess.WaitGoneAsync(victims, TimeSpan.FromSeconds(5)))
            {
                throw new InvalidOperationException(
                    $"processes survived SIGKILL: {string.Join(", ", victims.Where(UnixProcess.IsSameLiveProcess).Select(v => v.Pid))}");
            }
        }

        // Reap our child so it does not linger as a zombie.
        await _process.WaitForExitAsync();
    }

    public void Dispose() => _process.Dispose();

    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
