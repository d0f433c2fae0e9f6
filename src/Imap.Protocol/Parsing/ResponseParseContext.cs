using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Per-connection parsing settings and caches shared by the response parsers. One per connection: not thread-safe.</summary>
internal sealed class ResponseParseContext
{
    /// <summary>Creates a context.</summary>
    public ResponseParseContext(ImapReaderLimits? limits = null, ImapQuirks quirks = ImapQuirks.Recommended)
    {
        Limits = limits ?? ImapReaderLimits.Default;
        Quirks = quirks;
    }

    /// <summary>The limits in effect.</summary>
    public ImapReaderLimits Limits { get; }

    /// <summary>The tolerances in effect.</summary>
    public ImapQuirks Quirks { get; }

    /// <summary>True after <c>ENABLE UTF8=ACCEPT</c>: mailbox names are UTF-8, not modified UTF-7.</summary>
    public bool Utf8Names { get; set; }

    internal KeywordInterner Keywords { get; } = new();

    internal FlagListCache FlagLists { get; } = new();
}
