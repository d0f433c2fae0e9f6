namespace Imap.Testing.Dovecot;

/// <summary>
/// Capability lists (after login, AUTH= words left out) that hosted providers we cannot run here sent
/// in publicly posted protocol logs, for <see cref="DovecotOptions.AdvertisedCapabilities"/>.
/// </summary>
public static class ProviderCapabilities
{
    /// <summary>Gmail: CONDSTORE without QRESYNC, LITERAL- rather than LITERAL+.</summary>
    public static IReadOnlyList<string> Gmail { get; } = Words(
        "IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 UIDPLUS COMPRESS=DEFLATE ENABLE MOVE CONDSTORE ESEARCH UTF8=ACCEPT LIST-EXTENDED LIST-STATUS LITERAL- APPENDLIMIT=35651584");

    /// <summary>Microsoft 365 / Exchange Online: neither CONDSTORE nor QRESYNC, no ENABLE.</summary>
    public static IReadOnlyList<string> Microsoft365 { get; } = Words(
        "IMAP4 IMAP4rev1 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+");

    /// <summary>Yahoo: its own XYMHIGHESTMODSEQ instead of CONDSTORE.</summary>
    public static IReadOnlyList<string> Yahoo { get; } = Words(
        "IMAP4rev1 ID NAMESPACE X-ID-ACLID UIDPLUS LITERAL+ CHILDREN XAPPLEPUSHSERVICE XYMHIGHESTMODSEQ");

    /// <summary>
    /// iCloud: advertises QRESYNC, though it answers ENABLE QRESYNC without <c>* ENABLED</c> (which
    /// Dovecot does not imitate: the sync tests rewrite that line).
    /// </summary>
    public static IReadOnlyList<string> ICloud { get; } = Words(
        "XAPPLEPUSHSERVICE IMAP4 IMAP4rev1 CONDSTORE ENABLE QRESYNC QUOTA NAMESPACE UIDPLUS CHILDREN BINARY UNSELECT SORT CATENATE URLAUTH LANGUAGE ESEARCH ESORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES CONTEXT=SEARCH CONTEXT=SORT WITHIN SASL-IR SEARCHRES METADATA ID XMSEARCH X-SUN-SORT ANNOTATE-EXPERIMENT-1 X-UNAUTHENTICATE X-SUN-IMAP XUM1 MULTISEARCH IDLE LIST-STATUS");

    private static string[] Words(string list) => list.Split(' ');
}
