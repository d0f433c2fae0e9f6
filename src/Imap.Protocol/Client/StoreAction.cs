namespace Imap.Protocol.Client;

/// <summary>STORE mode.</summary>
public enum StoreAction
{
    /// <summary>+FLAGS.</summary>
    Add,

    /// <summary>-FLAGS.</summary>
    Remove,

    /// <summary>FLAGS (replace).</summary>
    Replace,
}
