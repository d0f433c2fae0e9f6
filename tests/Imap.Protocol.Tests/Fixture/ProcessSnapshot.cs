using Imap.Testing.Processes;

namespace Imap.Protocol.Tests.Fixture;

/// <summary>What a running server consists of, taken before stopping it, to check nothing survives.</summary>
internal sealed record ProcessSnapshot(UnixProcess.Identity Master, IReadOnlyList<UnixProcess.Identity> Children, string Directory)
{
    public static ProcessSnapshot Take(Imap.Testing.Dovecot.DovecotServer server) =>
        new(UnixProcess.Identify(server.MasterPid) ?? throw new InvalidOperationException("master not running"),
            UnixProcess.Descendants(server.MasterPid), server.Directory);

    public void AssertNothingLeft()
    {
        Assert.False(UnixProcess.IsSameLiveProcess(Master), $"master {Master.Pid} still running");
        Assert.DoesNotContain(Children, UnixProcess.IsSameLiveProcess);
        Assert.False(System.IO.Directory.Exists(Directory), $"{Directory} still exists");
    }
}
