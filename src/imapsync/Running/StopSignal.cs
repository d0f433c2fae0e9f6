using System.Runtime.InteropServices;

namespace ImapSync.Cli.Running;

/// <summary>
/// SIGINT and SIGTERM ask the program to finish the step in progress, commit and exit; a second
/// signal ends it at once. Remembers which signal came so the exit code can tell them apart.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _count;

    public StopSignal()
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
    }

    public CancellationToken Token => _source.Token;

    public PosixSignal? Received { get; private set; }

    /// <summary>Called when the first signal arrives (e.g. to log that the program is stopping).</summary>
    public Action<PosixSignal>? OnFirstSignal { get; set; }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _count) > 1)
        {
            return; // let the default action terminate the process
        }

        context.Cancel = true;
        Received = context.Signal;
        OnFirstSignal?.Invoke(context.Signal);
        _source.Cancel();
    }
}
