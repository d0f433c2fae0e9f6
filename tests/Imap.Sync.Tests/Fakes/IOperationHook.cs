namespace Imap.Sync.Tests.Fakes;

/// <summary>Called around every operation a fake connection performs.</summary>
internal interface IOperationHook
{
    void Before(string operation);

    void After(string operation);
}
