namespace Imap.Sync.Tests.Fakes;

/// <summary>
/// Runs an action (another client's change) once, just before the first of some operations reaches a
/// server, or just after it was answered.
/// </summary>
internal sealed class ChangeInjector(IReadOnlyCollection<string> operations, Action change, bool afterReply = false) : IOperationHook
{
    /// <summary>What a sync pass writes with.</summary>
    public static IReadOnlyCollection<string> Writes { get; } = ["UID EXPUNGE", "UID STORE", "APPEND"];

    public bool Fired { get; private set; }

    public void Before(string operation) => Fire(operation, !afterReply);

    public void After(string operation) => Fire(operation, afterReply);

    private void Fire(string operation, bool now)
    {
        if (now && !Fired && operations.Contains(operation))
        {
            Fired = true;
            change();
        }
    }
}
