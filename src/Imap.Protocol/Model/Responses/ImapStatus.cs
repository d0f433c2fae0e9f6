namespace Imap.Protocol.Model;

/// <summary>The condition of a status response.</summary>
public enum ImapStatus
{
    /// <summary>OK</summary>
    Ok,

    /// <summary>NO: failure (tagged) or warning (untagged).</summary>
    No,

    /// <summary>BAD: protocol error.</summary>
    Bad,

    /// <summary>PREAUTH greeting: already authenticated.</summary>
    PreAuth,

    /// <summary>BYE: the server is closing the connection.</summary>
    Bye,
}
