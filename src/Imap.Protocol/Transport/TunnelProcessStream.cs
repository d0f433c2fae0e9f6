using System.ComponentModel;
using System.Diagnostics;

namespace Imap.Protocol.Transport;

/// <summary>A duplex stream over a child process: we write its stdin and read its stdout.</summary>
internal sealed class TunnelProcessStream : LayerStream
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private bool _disposed;

    private const string SetSid = "/usr/bin/setsid";

    private TunnelProcessStream(Process process)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
    }

    public static TunnelProcessStream Start(string command, TunnelStderr stderr)
    {
        var (fileName, arguments) = TunnelCommandLine.Parse(command);
        // Like InterIMAP, keep Ctrl-C away from the server: in its own session it gets no terminal
        // signals and ends at EOF on stdin once we have cleaned up.
        if (!IsRunnable(fileName))
        {
            throw new ImapConnectionException($"Can't run tunnel command {fileName}: not found");
        }
        if (File.Exists(SetSid))
        {
            arguments = [fileName, .. arguments];
            fileName = SetSid;
        }
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = stderr == TunnelStderr.Discard,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new ImapConnectionException($"Can't run tunnel command {fileName}: {ex.Message}", ex);
        }
        if (stderr == TunnelStderr.Discard)
        {
            _ = process.StandardError.BaseStream.CopyToAsync(Null);
        }
        return new TunnelProcessStream(process);
    }

    /// <summary>True when the program exists as given or on PATH (checked first so setsid cannot hide a typo).</summary>
    private static bool IsRunnable(string fileName) =>
        fileName.Contains('/', StringComparison.Ordinal)
            ? File.Exists(fileName)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, fileName)));

    public override int Read(byte[] buffer, int offset, int count) => _output.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _output.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _input.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _input.WriteAsync(buffer, cancellationToken);

    public override void Flush() => _input.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _input.FlushAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // EOF on stdin tells the server to exit; give it a moment, then make sure it is gone.
        try
        {
            await _input.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The child may already have exited and closed its end.
        }
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        await _output.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _input.Dispose();
            if (!_process.HasExited && !_process.WaitForExit(TimeSpan.FromSeconds(2)))
            {
                _process.Kill(entireProcessTree: true);
            }
            _output.Dispose();
            _process.Dispose();
        }
        base.Dispose(disposing);
    }
}
