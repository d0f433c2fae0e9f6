using Imap.Sync.Ports;

namespace Imap.Sync.Tests.Fakes;

/// <summary>Makes the server refuse (tagged NO) the n-th operation of a given kind.</summary>
internal sealed class RefusingHook(string operation, int nth, string text) : IOperationHook
{
    private int _seen;

    public void Before(string name)
    {
        if (name == operation && ++_seen == nth)
        {
            throw new MailServerCommandException(text);
        }
    }

    public void After(string name)
    {
    }
}
