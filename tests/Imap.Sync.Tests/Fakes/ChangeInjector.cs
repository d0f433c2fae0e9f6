namespace Imap.Sync.Tests.Fakes;

/// <summary>
/// Runs an action (another client's change) once, just before the first operation of a kind reaches a
/// server, or just after it was answered.
/// </summary>
internal sealed class ChangeInjector(string operation, Action change, bool afterReply = false) : IOperationHook
{
    public bool Fired { get; private set; }

    public void Before(string name) => Fire(name, !afterReply);

    public void After(string name) => Fire(name, afterReply);

    private void Fire(string name, bool now)
    {
        if (now && !Fired && name == operation)
        {
            Fired = true;
            change();
        }
    }
}
