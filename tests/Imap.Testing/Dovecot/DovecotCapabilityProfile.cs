namespace Imap.Testing.Dovecot;

/// <summary>
/// Which capabilities the server advertises. Dovecot only changes the advertisement (it still honours
/// ENABLE QRESYNC etc.), which is enough to test that a client decides from the advertised list.
/// </summary>
public enum DovecotCapabilityProfile
{
    /// <summary>Dovecot's own list (QRESYNC, CONDSTORE, ...).</summary>
    Full,

    /// <summary>The full list without QRESYNC: stands in for a CONDSTORE-only server.</summary>
    WithoutQresync,

    /// <summary>The full list without QRESYNC and CONDSTORE: stands in for a plain IMAP4rev1 server.</summary>
    WithoutQresyncAndCondstore,
}
