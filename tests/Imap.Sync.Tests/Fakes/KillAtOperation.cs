namespace Imap.Sync.Tests.Fakes;

/// <summary>
/// Dies at the first <c>operation</c> (before the server acts on it, or after the server applied it but
/// before its reply is used), then at every operation after it, on every connection: the process is gone.
/// </summary>
internal sealed class KillAtOperation(string operation, bool afterServerApplied) : IOperationHook
{
    private int _fired;

    public bool Fired => Volatile.Read(ref _fired) == 1;

    public void Before(string name)
    {
        if (Fired || (!afterServerApplied && name == operation))
        {
            Fire(name);
        }
    }

    public void After(string name)
    {
        if (Fired || (afterServerApplied && name == operation))
        {
            Fire(name);
        }
    }

    private void Fire(string name)
    {
        Interlocked.Exchange(ref _fired, 1);
        throw new SimulatedKillException($"killed at {name} ({operation}, after the server applied it: {afterServerApplied})");
    }
}
