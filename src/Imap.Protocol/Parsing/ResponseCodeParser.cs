using System.Text;
using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>Parses the content of <c>[...]</c> into a typed <see cref="ResponseCode"/>.</summary>
internal static class ResponseCodeParser
{
    private static readonly Dictionary<string, ResponseCodeKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ALERT"] = ResponseCodeKind.Alert,
        ["CAPABILITY"] = ResponseCodeKind.Capability,
        ["PARSE"] = ResponseCodeKind.Parse,
        ["PERMANENTFLAGS"] = ResponseCodeKind.PermanentFlags,
        ["READ-ONLY"] = ResponseCodeKind.ReadOnly,
        ["READ-WRITE"] = ResponseCodeKind.ReadWrite,
        ["TRYCREATE"] = ResponseCodeKind.TryCreate,
        ["UIDNEXT"] = ResponseCodeKind.UidNext,
        ["UIDVALIDITY"] = ResponseCodeKind.UidValidity,
        ["UNSEEN"] = ResponseCodeKind.Unseen,
        ["APPENDUID"] = ResponseCodeKind.AppendUid,
        ["COPYUID"] = ResponseCodeKind.CopyUid,
        ["UIDNOTSTICKY"] = ResponseCodeKind.UidNotSticky,
        ["HIGHESTMODSEQ"] = ResponseCodeKind.HighestModSeq,
        ["NOMODSEQ"] = ResponseCodeKind.NoModSeq,
        ["MODIFIED"] = ResponseCodeKind.Modified,
        ["CLOSED"] = ResponseCodeKind.Closed,
        ["COMPRESSIONACTIVE"] = ResponseCodeKind.CompressionActive,
        ["TOOBIG"] = ResponseCodeKind.TooBig,
        ["OVERQUOTA"] = ResponseCodeKind.OverQuota,
        ["ALREADYEXISTS"] = ResponseCodeKind.AlreadyExists,
        ["NONEXISTENT"] = ResponseCodeKind.Nonexistent,
        ["CANNOT"] = ResponseCodeKind.Cannot,
        ["LIMIT"] = ResponseCodeKind.Limit,
        ["INUSE"] = ResponseCodeKind.InUse,
        ["SERVERBUG"] = ResponseCodeKind.ServerBug,
        ["CLIENTBUG"] = ResponseCodeKind.ClientBug,
        ["NOTIFICATIONOVERFLOW"] = ResponseCodeKind.NotificationOverflow,
        ["BADEVENT"] = ResponseCodeKind.BadEvent,
        ["MAILBOXID"] = ResponseCodeKind.MailboxId,
        ["AUTHENTICATIONFAILED"] = ResponseCodeKind.AuthenticationFailed,
        ["UNAVAILABLE"] = ResponseCodeKind.Unavailable,
        ["NOPERM"] = ResponseCodeKind.NoPerm,
        ["EXPUNGEISSUED"] = ResponseCodeKind.ExpungeIssued,
        ["CORRUPTION"] = ResponseCodeKind.Corruption,
        ["PRIVACYREQUIRED"] = ResponseCodeKind.PrivacyRequired,
        ["CONTACTADMIN"] = ResponseCodeKind.ContactAdmin,
        ["EXPIRED"] = ResponseCodeKind.Expired,
    };

    /// <summary>Parses a code; throws <see cref="ImapProtocolException"/> when it is malformed.</summary>
    internal static ResponseCode Parse(ref ImapResponseReader reader, ResponseParseContext context)
    {
        var atomText = Encoding.ASCII.GetString(reader.ReadAtom());
        var kind = Kinds.GetValueOrDefault(atomText, ResponseCodeKind.Unknown);
        var atom = kind == ResponseCodeKind.Unknown ? atomText : atomText.ToUpperInvariant();
        string? raw = null;
        var argumentsStart = reader.Position;
        if (!reader.AtLineEnd)
        {
            reader.ReadSpace();
            argumentsStart = reader.Position;
            raw = Encoding.UTF8.GetString(reader.Frame[argumentsStart..^2]);
        }
        var hasArguments = raw is not null;
        var code = kind switch
        {
            ResponseCodeKind.UidNext => new ResponseCode(kind, atom, raw) { UidNext = new Uid(Number(ref reader, hasArguments)) },
            ResponseCodeKind.UidValidity => new ResponseCode(kind, atom, raw) { UidValidity = new UidValidity(Number(ref reader, hasArguments)) },
            ResponseCodeKind.Unseen => new ResponseCode(kind, atom, raw) { Unseen = Number(ref reader, hasArguments) },
            ResponseCodeKind.HighestModSeq => new ResponseCode(kind, atom, raw) { HighestModSeq = new ModSeq(Number64(ref reader, hasArguments)) },
            ResponseCodeKind.AppendUid => AppendUid(ref reader, atom, raw),
            ResponseCodeKind.CopyUid => CopyUid(ref reader, atom, raw),
            ResponseCodeKind.Modified => new ResponseCode(kind, atom, raw) { Modified = Set(ref reader, hasArguments) },
            ResponseCodeKind.PermanentFlags => PermanentFlags(ref reader, context, atom, raw),
            ResponseCodeKind.Capability => new ResponseCode(kind, atom, raw) { Capabilities = Capabilities(ref reader, hasArguments) },
            ResponseCodeKind.MailboxId => new ResponseCode(kind, atom, raw) { MailboxId = ObjectId(ref reader, hasArguments) },
            _ => SkipArguments(ref reader, new ResponseCode(kind, atom, raw)),
        };
        reader.ReadLineEnd();
        return code;
    }

    private static ResponseCode SkipArguments(ref ImapResponseReader reader, ResponseCode code)
    {
        reader.ReadTextToLineEnd();
        return code;
    }

    private static void RequireArguments(ref ImapResponseReader reader, bool hasArguments)
    {
        if (!hasArguments)
            reader.Throw("Response code needs an argument");
    }

    private static uint Number(ref ImapResponseReader reader, bool hasArguments)
    {
        RequireArguments(ref reader, hasArguments);
        return reader.ReadNumber();
    }

    private static ulong Number64(ref ImapResponseReader reader, bool hasArguments)
    {
        RequireArguments(ref reader, hasArguments);
        return reader.ReadNumber64();
    }

    private static UidSet Set(ref ImapResponseReader reader, bool hasArguments)
    {
        RequireArguments(ref reader, hasArguments);
        return SequenceSetParser.ReadUidSet(ref reader);
    }

    private static ResponseCode AppendUid(ref ImapResponseReader reader, string atom, string? raw)
    {
        RequireArguments(ref reader, raw is not null);
        var validity = reader.ReadNumber();
        reader.ReadSpace();
        var uids = SequenceSetParser.ReadUidSet(ref reader);
        return new ResponseCode(ResponseCodeKind.AppendUid, atom, raw) { UidValidity = new UidValidity(validity), AppendedUids = uids };
    }

    private static ResponseCode CopyUid(ref ImapResponseReader reader, string atom, string? raw)
    {
        RequireArguments(ref reader, raw is not null);
        var validity = reader.ReadNumber();
        reader.ReadSpace();
        var source = SequenceSetParser.ReadOrderedRanges(ref reader);
        reader.ReadSpace();
        var destination = SequenceSetParser.ReadOrderedRanges(ref reader);
        var pairs = CopyUidPairs.Zip(source, destination);
        if (pairs is null)
            reader.Throw("COPYUID source and destination sets differ in size");
        return new ResponseCode(ResponseCodeKind.CopyUid, atom, raw)
        {
            UidValidity = new UidValidity(validity),
            SourceUids = UidSet.FromRanges(source),
            DestinationUids = UidSet.FromRanges(destination),
            CopiedUids = pairs,
        };
    }

    private static ResponseCode PermanentFlags(ref ImapResponseReader reader, ResponseParseContext context, string atom, string? raw)
    {
        RequireArguments(ref reader, raw is not null);
        var flags = FlagListParser.Read(ref reader, context, out var wildcard);
        return new ResponseCode(ResponseCodeKind.PermanentFlags, atom, raw) { PermanentFlags = flags, AllowsNewKeywords = wildcard };
    }

    private static ImapCapabilities Capabilities(ref ImapResponseReader reader, bool hasArguments)
    {
        RequireArguments(ref reader, hasArguments);
        var names = new List<string> { Encoding.ASCII.GetString(reader.ReadAtom()) };
        while (reader.Peek() == (byte)' ')
        {
            reader.ReadSpace();
            names.Add(Encoding.ASCII.GetString(reader.ReadAtom()));
        }
        return new ImapCapabilities(names);
    }

    private static string ObjectId(ref ImapResponseReader reader, bool hasArguments)
    {
        RequireArguments(ref reader, hasArguments);
        reader.Expect((byte)'(');
        var id = Encoding.ASCII.GetString(reader.ReadAtom());
        reader.Expect((byte)')');
        return id;
    }
}
