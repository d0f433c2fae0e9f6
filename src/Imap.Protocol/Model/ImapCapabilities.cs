namespace Imap.Protocol.Model;

/// <summary>The capabilities a server announced (case-insensitive), with typed shortcuts for the ones we act on.</summary>
public sealed class ImapCapabilities
{
    private readonly HashSet<string> _names;

    /// <summary>Creates the set from capability atoms as sent (e.g. <c>IMAP4rev1</c>, <c>AUTH=PLAIN</c>).</summary>
    public ImapCapabilities(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        var mechanisms = new List<string>();
        foreach (var name in _names)
        {
            if (name.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase) && name.Length > 5)
                mechanisms.Add(name[5..].ToUpperInvariant());
        }
        mechanisms.Sort(StringComparer.Ordinal);
        AuthMechanisms = mechanisms;
    }

    /// <summary>No capability at all.</summary>
    public static ImapCapabilities Empty { get; } = new([]);

    /// <summary>Every announced capability atom.</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>SASL mechanisms from <c>AUTH=</c> atoms, upper case, sorted.</summary>
    public IReadOnlyList<string> AuthMechanisms { get; }

    /// <summary>True when <paramref name="capability"/> was announced (case-insensitive).</summary>
    public bool Has(string capability) => _names.Contains(capability);

    /// <summary>IMAP4rev1.</summary>
    public bool Imap4Rev1 => Has("IMAP4rev1");

    /// <summary>IMAP4rev2 (RFC 9051).</summary>
    public bool Imap4Rev2 => Has("IMAP4rev2");

    /// <summary>QRESYNC (RFC 7162).</summary>
    public bool QResync => Has("QRESYNC");

    /// <summary>CONDSTORE (RFC 7162).</summary>
    public bool CondStore => Has("CONDSTORE");

    /// <summary>ENABLE (RFC 5161).</summary>
    public bool Enable => Has("ENABLE");

    /// <summary>LIST-EXTENDED (RFC 5258).</summary>
    public bool ListExtended => Has("LIST-EXTENDED");

    /// <summary>LIST-STATUS (RFC 5819).</summary>
    public bool ListStatus => Has("LIST-STATUS");

    /// <summary>UIDPLUS (RFC 4315).</summary>
    public bool UidPlus => Has("UIDPLUS");

    /// <summary>LITERAL+ (RFC 7888).</summary>
    public bool LiteralPlus => Has("LITERAL+");

    /// <summary>LITERAL- (RFC 7888): non-synchronizing literals up to 4096 bytes.</summary>
    public bool LiteralMinus => Has("LITERAL-");

    /// <summary>MULTIAPPEND (RFC 3502).</summary>
    public bool MultiAppend => Has("MULTIAPPEND");

    /// <summary>COMPRESS=DEFLATE (RFC 4978).</summary>
    public bool Compress => Has("COMPRESS=DEFLATE");

    /// <summary>IDLE (RFC 2177).</summary>
    public bool Idle => Has("IDLE");

    /// <summary>NOTIFY (RFC 5465).</summary>
    public bool Notify => Has("NOTIFY");

    /// <summary>MOVE (RFC 6851).</summary>
    public bool Move => Has("MOVE");

    /// <summary>NAMESPACE (RFC 2342).</summary>
    public bool Namespace => Has("NAMESPACE");

    /// <summary>ID (RFC 2971).</summary>
    public bool Id => Has("ID");

    /// <summary>SASL-IR (RFC 4959).</summary>
    public bool SaslIR => Has("SASL-IR");

    /// <summary>STARTTLS.</summary>
    public bool StartTls => Has("STARTTLS");

    /// <summary>LOGINDISABLED: LOGIN must not be used.</summary>
    public bool LoginDisabled => Has("LOGINDISABLED");

    /// <summary>ESEARCH (RFC 4731).</summary>
    public bool Esearch => Has("ESEARCH");

    /// <summary>UTF8=ACCEPT (RFC 6855).</summary>
    public bool Utf8Accept => Has("UTF8=ACCEPT");

    /// <summary>BINARY (RFC 3516).</summary>
    public bool Binary => Has("BINARY");

    /// <summary>OBJECTID (RFC 8474).</summary>
    public bool ObjectId => Has("OBJECTID");

    /// <summary>STATUS=SIZE (RFC 8438).</summary>
    public bool StatusSize => Has("STATUS=SIZE");

    /// <summary>The capability atoms separated by spaces.</summary>
    public override string ToString() => string.Join(' ', _names.Order(StringComparer.OrdinalIgnoreCase));
}
