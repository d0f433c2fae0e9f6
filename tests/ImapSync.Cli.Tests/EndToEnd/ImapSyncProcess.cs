using System.Diagnostics;
using System.Text;

namespace ImapSync.Cli.Tests.EndToEnd;

/// <summary>The built program (imapsync.dll next to the tests) run as a separate process with its own HOME.</summary>
internal sealed class ImapSyncProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private ImapSyncProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ImapSyncProcess Start(string home, params string[] args)
    {
        var process = new Process { StartInfo = StartInfo(home, args) };
        var result = new ImapSyncProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(result._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(result._stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>How to start the program with <paramref name="args"/> and its own HOME; every stream redirected.</summary>
    public static ProcessStartInfo StartInfo(string home, params string[] args)
    {
        // IMAPSYNC_BINARY runs these tests against a published (native) executable instead.
        var binary = Environment.GetEnvironmentVariable("IMAPSYNC_BINARY");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(binary) ? "dotnet" : binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (string.IsNullOrEmpty(binary))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "imapsync.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = home;
        start.Environment.Remove("XDG_CONFIG_HOME");
        start.Environment.Remove("XDG_DATA_HOME");
        return start;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string home, params string[] args)
    {
        using var process = Start(home, args);
        var exitCode = await process.WaitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, process.Stdout, process.Stderr);
    }

    /// <summary>Waits for the exit and returns the exit code (the process is killed after <paramref name="timeout"/>).</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"imapsync did not exit within {timeout}; stderr:\n{Stderr}");
        }

        _process.WaitForExit(); // drains the output handlers
        return _process.ExitCode;
    }

    /// <summary>Waits until standard error contains <paramref name="text"/>.</summary>
    public Task WaitForStderrAsync(string text, TimeSpan timeout) =>
        WaitForStderrAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(text)), timeout);

    /// <summary>Waits until standard error matches <paramref name="pattern"/>.</summary>
    public async Task WaitForStderrAsync(System.Text.RegularExpressions.Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!pattern.IsMatch(Stderr))
        {
            var text = pattern.ToString();
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' not seen on stderr; stderr:\n{Stderr}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends a signal by name (TERM, INT) with kill(1).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("/bin/kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            target.Append(line).Append('\n');
        }
    }
}
