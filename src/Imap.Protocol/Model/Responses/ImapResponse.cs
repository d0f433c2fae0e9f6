namespace Imap.Protocol.Model;

/// <summary>One server response (one frame). Concrete types are one per response kind.</summary>
public abstract class ImapResponse
{
    /// <summary>True for a tagged status response completing a command.</summary>
    public virtual bool IsTagged => false;
}
