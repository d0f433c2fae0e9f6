namespace Imap.Protocol.Commands;

/// <summary>The commands that are a verb alone.</summary>
internal sealed class SimpleCommand : TypedCommand
{
    private readonly byte[] _verb;

    private SimpleCommand(string name, Pipelining pipelining)
    {
        Name = name;
        Pipelining = pipelining;
        _verb = System.Text.Encoding.ASCII.GetBytes(name);
    }

    /// <summary>NOOP: also polls for mailbox changes.</summary>
    public static SimpleCommand Noop { get; } = new("NOOP", Pipelining.Independent);

    /// <summary>CAPABILITY.</summary>
    public static SimpleCommand Capability { get; } = new("CAPABILITY", Pipelining.Independent);

    /// <summary>NAMESPACE (RFC 2342): its answer names no command, so two never run together.</summary>
    public static SimpleCommand Namespace { get; } = new("NAMESPACE", Pipelining.Answering(UntaggedAnswers.Namespace));

    /// <summary>IDLE (RFC 2177): the connection waits for DONE, so nothing else may be in flight.</summary>
    public static SimpleCommand Idle { get; } = new("IDLE", Pipelining.Barrier);

    /// <summary>LOGOUT.</summary>
    public static SimpleCommand Logout { get; } = new("LOGOUT", Pipelining.Barrier);

    /// <summary>STARTTLS: TLS starts right after its OK.</summary>
    public static SimpleCommand StartTls { get; } = new("STARTTLS", Pipelining.TransportUpgrade);

    /// <summary>COMPRESS DEFLATE (RFC 4978): compression starts right after its OK.</summary>
    public static SimpleCommand Compress { get; } = new("COMPRESS DEFLATE", Pipelining.TransportUpgrade);

    /// <summary>UNSELECT (RFC 3691): leaves the mailbox without expunging.</summary>
    public static SimpleCommand Unselect { get; } = new("UNSELECT", Pipelining.SelectionChange);

    /// <summary>CLOSE: expunges \Deleted messages silently and leaves the mailbox.</summary>
    public static SimpleCommand Close { get; } = new("CLOSE", Pipelining.SelectionChange);

    public override string Name { get; }

    public override Pipelining Pipelining { get; }

    protected override ReadOnlySpan<byte> Verb => _verb;
}
