using Imap.Protocol.Model;

namespace Imap.Protocol.Parsing;

/// <summary>
/// Parses BODYSTRUCTURE / BODY. Anything that does not fit the grammar (under the quirks in effect) gives a
/// <see cref="BodyStructureKind.Invalid"/> value; the FETCH itself still succeeds as long as the value is
/// balanced enough to be skipped.
/// </summary>
internal static class BodyStructureParser
{
    internal static BodyStructure Read(ref ImapResponseReader reader, ResponseParseContext context)
    {
        var saved = reader;
        try
        {
            return ReadBody(ref reader, context.Limits.MaxNesting, reader.Allows(ImapQuirks.LenientBodyStructure));
        }
        catch (ImapProtocolException)
        {
            reader = saved;
            var start = reader.Position;
            reader.SkipValue(context.Limits.MaxNesting);
            return new BodyStructure { Kind = BodyStructureKind.Invalid, RawText = InvalidValueText.From(reader.Frame[start..reader.Position]) };
        }
    }

    private static BodyStructure ReadBody(ref ImapResponseReader reader, int depth, bool lenient)
    {
        if (depth <= 0)
            reader.Throw("BODYSTRUCTURE nested too deeply");
        reader.Expect((byte)'(');
        var body = reader.Peek() == (byte)'(' ? ReadMultipart(ref reader, depth, lenient) : ReadSinglePart(ref reader, depth, lenient);
        reader.ReadListEnd();
        return body;
    }

    private static BodyStructure ReadMultipart(ref ImapResponseReader reader, int depth, bool lenient)
    {
        var parts = new List<BodyStructure>();
        do
        {
            parts.Add(ReadBody(ref reader, depth - 1, lenient));
            if (reader.Peek() == (byte)' ' && reader.PeekAt(1) == (byte)'(')
                reader.ReadSpace();
        }
        while (reader.Peek() == (byte)'(');
        reader.ReadSpace();
        var subtype = reader.ReadString().ToString();
        var extension = new Extension();
        if (reader.Peek() == (byte)' ')
        {
            reader.ReadSpace();
            extension.Parameters = ReadParameters(ref reader, lenient);
            ReadDispositionAndRest(ref reader, ref extension, depth, lenient);
        }
        return new BodyStructure
        {
            Kind = BodyStructureKind.Multipart,
            MediaType = "multipart",
            MediaSubtype = subtype,
            Parts = parts,
            Parameters = extension.Parameters,
            Disposition = extension.Disposition,
            DispositionParameters = extension.DispositionParameters,
            Languages = extension.Languages,
            Location = extension.Location,
        };
    }

    private static BodyStructure ReadSinglePart(ref ImapResponseReader reader, int depth, bool lenient)
    {
        var type = reader.ReadString().ToString();
        reader.ReadSpace();
        var subtype = reader.ReadString().ToString();
        reader.ReadSpace();
        var parameters = ReadParameters(ref reader, lenient);
        reader.ReadSpace();
        var id = reader.ReadNString().ToStringOrNull();
        reader.ReadSpace();
        var description = reader.ReadNString().ToStringOrNull();
        reader.ReadSpace();
        var encoding = lenient && reader.TryReadNil() ? null : reader.ReadString().ToString();
        reader.ReadSpace();
        var size = ReadSize(ref reader, lenient);
        Envelope? envelope = null;
        BodyStructure? inner = null;
        long? lines = null;
        var isMessage = string.Equals(type, "MESSAGE", StringComparison.OrdinalIgnoreCase)
            && (string.Equals(subtype, "RFC822", StringComparison.OrdinalIgnoreCase) || string.Equals(subtype, "GLOBAL", StringComparison.OrdinalIgnoreCase));
        if (isMessage)
        {
            reader.ReadSpace();
            envelope = EnvelopeParser.ReadStrict(ref reader);
            reader.ReadSpace();
            inner = ReadBody(ref reader, depth - 1, lenient);
            reader.ReadSpace();
            lines = ReadSize(ref reader, lenient);
        }
        else if (string.Equals(type, "TEXT", StringComparison.OrdinalIgnoreCase))
        {
            reader.ReadSpace();
            lines = ReadSize(ref reader, lenient);
        }
        var extension = new Extension();
        if (reader.Peek() == (byte)' ')
        {
            reader.ReadSpace();
            extension.Md5 = reader.ReadNString().ToStringOrNull();
            ReadDispositionAndRest(ref reader, ref extension, depth, lenient);
        }
        return new BodyStructure
        {
            Kind = isMessage ? BodyStructureKind.Message : BodyStructureKind.Basic,
            MediaType = type,
            MediaSubtype = subtype,
            Parameters = parameters,
            ContentId = id,
            Description = description,
            Encoding = encoding,
            Size = size,
            Lines = lines,
            Envelope = envelope,
            Body = inner,
            Md5 = extension.Md5,
            Disposition = extension.Disposition,
            DispositionParameters = extension.DispositionParameters,
            Languages = extension.Languages,
            Location = extension.Location,
        };
    }

    private static long ReadSize(ref ImapResponseReader reader, bool lenient) =>
        lenient ? reader.ReadSignedNumber() : reader.ReadNumber64() is var n && n <= long.MaxValue ? (long)n : 0;

    private static List<KeyValuePair<string, string?>> ReadParameters(ref ImapResponseReader reader, bool lenient)
    {
        if (reader.TryReadNil())
            return [];
        reader.Expect((byte)'(');
        var parameters = new List<KeyValuePair<string, string?>>();
        do
        {
            var name = reader.ReadString().ToString();
            reader.ReadSpace();
            var value = lenient ? reader.ReadNString().ToStringOrNull() : reader.ReadString().ToString();
            parameters.Add(new(name, value));
        }
        while (reader.NextListItem());
        reader.ReadListEnd();
        return parameters;
    }

    private static void ReadDispositionAndRest(ref ImapResponseReader reader, ref Extension extension, int depth, bool lenient)
    {
        if (reader.Peek() != (byte)' ')
            return;
        reader.ReadSpace();
        if (!reader.TryReadNil())
        {
            reader.Expect((byte)'(');
            if (lenient && reader.TryReadNil())
            {
                reader.ReadSpace();
                if (!reader.TryReadNil())
                    extension.DispositionParameters = ReadParameters(ref reader, lenient);
            }
            else
            {
                extension.Disposition = reader.ReadString().ToString();
                reader.ReadSpace();
                extension.DispositionParameters = ReadParameters(ref reader, lenient);
            }
            reader.ReadListEnd();
        }
        if (reader.Peek() != (byte)' ')
            return;
        reader.ReadSpace();
        extension.Languages = ReadLanguages(ref reader);
        if (reader.Peek() != (byte)' ')
            return;
        reader.ReadSpace();
        extension.Location = reader.ReadNString().ToStringOrNull();
        while (reader.Peek() == (byte)' ')
        {
            reader.ReadSpace();
            reader.SkipValue(depth);
        }
    }

    private static List<string> ReadLanguages(ref ImapResponseReader reader)
    {
        if (reader.Peek() != (byte)'(')
        {
            var single = reader.ReadNString().ToStringOrNull();
            return single is null ? [] : [single];
        }
        reader.Expect((byte)'(');
        var languages = new List<string>();
        do
            languages.Add(reader.ReadString().ToString());
        while (reader.NextListItem());
        reader.ReadListEnd();
        return languages;
    }

    private struct Extension
    {
        public string? Md5;
        public string? Disposition;
        public IReadOnlyList<KeyValuePair<string, string?>> Parameters;
        public IReadOnlyList<KeyValuePair<string, string?>> DispositionParameters;
        public IReadOnlyList<string> Languages;
        public string? Location;

        public Extension()
        {
            Parameters = [];
            DispositionParameters = [];
            Languages = [];
        }
    }
}
