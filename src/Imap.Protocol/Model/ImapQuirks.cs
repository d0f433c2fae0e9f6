namespace Imap.Protocol.Model;

/// <summary>
/// Named, switchable tolerances for invalid responses that real servers send. Each is off in strict
/// mode (<see cref="None"/>); <see cref="Recommended"/> turns on all of them.
/// </summary>
[Flags]
public enum ImapQuirks
{
    /// <summary>Strict RFC 3501/9051 grammar.</summary>
    None = 0,

    /// <summary>A bare LF (no CR) ends a line, also after a literal announcement.</summary>
    BareLineFeed = 1,

    /// <summary>A space before CRLF or before <c>)</c> is ignored (<c>* CAPABILITY IMAP4REV1 </c>, qq.com).</summary>
    TrailingSpace = 2,

    /// <summary>
    /// A <c>"</c> inside a quoted string ends it only when followed by SP, <c>)</c>, <c>]</c> or the line end (Gmail).
    /// </summary>
    UnescapedQuotes = 4,

    /// <summary>Status responses and continuations without text: <c>+</c>, <c>a1 OK</c>, <c>* OK [CLOSED]</c>.</summary>
    MissingText = 8,

    /// <summary>An untagged response code without a status word: <c>* [COPYUID 1 2 3] Done</c> (home.pl), read as OK.</summary>
    UntaggedCodeWithoutStatus = 16,

    /// <summary>Control characters such as TAB inside atoms (mailbox names).</summary>
    ControlCharactersInAtoms = 32,

    /// <summary>A message sequence number 0 (<c>* 0 FETCH</c>, Courier): the response is returned with number 0.</summary>
    ZeroSequenceNumber = 64,

    /// <summary>Inside BODYSTRUCTURE: NIL where a string or list is required, and negative sizes.</summary>
    LenientBodyStructure = 128,

    /// <summary>
    /// An empty string where a LIST or NAMESPACE hierarchy delimiter (or NIL) belongs:
    /// <c>* LIST (\HasNoChildren) "" "Folder2"</c>; read as NIL (a flat namespace).
    /// </summary>
    EmptyDelimiter = 256,

    /// <summary>
    /// A negative MODSEQ in FETCH: <c>* 40 FETCH (MODSEQ (-1) FLAGS (...) UID 336)</c> (Zoho). Read as
    /// <see cref="ModSeq"/> 0, which no real message has; the selected mailbox then reports
    /// <see cref="Client.SelectedMailbox.NoModSeq"/>, as if the server had said [NOMODSEQ].
    /// </summary>
    NegativeModSeq = 512,

    /// <summary>
    /// FETCH items wrapped in an extra pair of parentheses:
    /// <c>* 2 FETCH (UID 14935 (ENVELOPE (...)) BODYSTRUCTURE (...))</c> (Domino); one level is unwrapped.
    /// </summary>
    ParenthesizedFetchItems = 1024,

    /// <summary>
    /// A body section with no value: <c>* 1 FETCH (UID 3016 BODY[2.MIME] {145} ... BODY[2] )</c> (Yandex);
    /// read as NIL.
    /// </summary>
    SectionWithoutValue = 2048,

    /// <summary>
    /// A line that is only a response code, without tag or <c>*</c>: <c>[COPYUID 55 31 6]</c> (Exchange).
    /// Returned as an <see cref="UnknownResponse"/> without tag or keyword, which the client
    /// skips as a garbled untagged line instead of ending the connection.
    /// </summary>
    BareResponseCodeLine = 4096,

    /// <summary>
    /// A VANISHED response whose UID set cannot be read (<c>* VANISHED (EARLIER) 0:*</c>, iCloud): returned
    /// as an <see cref="UnknownResponse"/> with keyword VANISHED, and the selected mailbox reports
    /// <see cref="Client.SelectedMailbox.UnreadableVanished"/>, instead of ending the connection.
    /// </summary>
    MalformedVanished = 8192,

    /// <summary>Every tolerance above.</summary>
    Recommended = BareLineFeed | TrailingSpace | UnescapedQuotes | MissingText | UntaggedCodeWithoutStatus
        | ControlCharactersInAtoms | ZeroSequenceNumber | LenientBodyStructure | EmptyDelimiter | NegativeModSeq
        | ParenthesizedFetchItems | SectionWithoutValue | BareResponseCodeLine | MalformedVanished,
}
