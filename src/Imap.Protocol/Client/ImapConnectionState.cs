namespace Imap.Protocol.Client;

/// <summary>RFC 3501 connection states.</summary>
public enum ImapConnectionState
{
    /// <summary>Greeting was OK: authentication is needed.</summary>
    NotAuthenticated,

    /// <summary>Logged in (or PREAUTH), no mailbox selected.</summary>
    Authenticated,

    /// <summary>A mailbox is selected.</summary>
    Selected,

    /// <summary>LOGOUT done, BYE received or connection lost.</summary>
    Closed,
}
