namespace Imap.Protocol.Commands;

/// <summary>
/// Chooses between synchronizing (<c>{n}</c>, wait for "+") and non-synchronizing (<c>{n+}</c>) literals
/// from the server's LITERAL+/LITERAL- capabilities.
/// </summary>
internal sealed class ImapLiteralPolicy
{
    /// <summary>RFC 7888: LITERAL- allows non-synchronizing literals up to this size.</summary>
    public const long LiteralMinusLimit = 4096;

    /// <summary>Synchronizing literals only (a server with neither capability).</summary>
    public static ImapLiteralPolicy Synchronizing { get; } = new(false, false);

    /// <summary>Creates a policy.</summary>
    /// <param name="literalPlus">Server offers LITERAL+.</param>
    /// <param name="literalMinus">Server offers LITERAL-.</param>
    /// <param name="synchronizeBodiesAbove">
    /// Message bodies larger than this are sent as synchronizing literals even with LITERAL+, so the
    /// server can refuse before the bytes are sent (NO [TOOBIG], [TRYCREATE]). Null: never.
    /// </param>
    public ImapLiteralPolicy(bool literalPlus, bool literalMinus, long? synchronizeBodiesAbove = null)
    {
        LiteralPlus = literalPlus;
        LiteralMinus = literalMinus;
        SynchronizeBodiesAbove = synchronizeBodiesAbove;
    }

    /// <summary>Server offers LITERAL+.</summary>
    public bool LiteralPlus { get; }

    /// <summary>Server offers LITERAL-.</summary>
    public bool LiteralMinus { get; }

    /// <summary>Bodies above this size always synchronize; null for never.</summary>
    public long? SynchronizeBodiesAbove { get; }

    /// <summary>True when a literal of this length may be sent without waiting for "+".</summary>
    public bool IsNonSynchronizing(long length, bool isMessageBody)
    {
        if (isMessageBody && length > SynchronizeBodiesAbove)
        {
            return false;
        }
        return LiteralPlus || (LiteralMinus && length <= LiteralMinusLimit);
    }
}
