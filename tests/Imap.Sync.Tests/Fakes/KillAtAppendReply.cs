namespace Imap.Sync.Tests.Fakes;

/// <summary>Dies after the nth APPEND (counted over both servers) has landed, before its reply is used.</summary>
internal sealed class KillAtAppendReply(int nth = 1) : IOperationHook
{
    private int _appends;

    public void Before(string operation)
    {
    }

    public void After(string operation)
    {
        if (operation == "APPEND" && ++_appends == nth)
        {
            throw new SimulatedKillException("killed before the APPEND reply");
        }
    }
}
