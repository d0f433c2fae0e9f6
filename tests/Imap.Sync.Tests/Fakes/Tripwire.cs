namespace Imap.Sync.Tests.Fakes;

/// <summary>
/// Simulates the process being killed at the N-th server operation (counted over both servers), either
/// before the server acts on it or after the server applied it but before the reply reaches us.
/// </summary>
internal sealed class Tripwire : IOperationHook
{
    public int Count { get; private set; }

    public int? KillAt { get; set; }

    public bool AfterServerApplied { get; set; }

    public bool Fired { get; private set; }

    /// <summary>The operation the run was killed at, once fired.</summary>
    public string? FiredAt { get; private set; }

    public void Before(string operation)
    {
        Count++;
        if (!AfterServerApplied && Count == KillAt)
        {
            Fire(operation);
        }
    }

    public void After(string operation)
    {
        if (AfterServerApplied && Count == KillAt)
        {
            Fire(operation);
        }
    }

    private void Fire(string operation)
    {
        Fired = true;
        FiredAt = operation;
        throw new SimulatedKillException($"killed at operation {Count} ({operation})");
    }
}
