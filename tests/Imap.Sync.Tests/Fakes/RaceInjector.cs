namespace Imap.Sync.Tests.Fakes;

/// <summary>Runs an action (another client's change) just before the first UID STORE reaches a server.</summary>
internal sealed class RaceInjector(Action beforeFirstStore) : IOperationHook
{
    private bool _done;

    public void Before(string operation)
    {
        if (!_done && operation == "UID STORE")
        {
            _done = true;
            beforeFirstStore();
        }
    }

    public void After(string operation)
    {
    }
}
