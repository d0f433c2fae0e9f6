namespace Imap.Protocol.Model;

/// <summary>One body item of a FETCH: <c>BODY[section]&lt;origin&gt;</c>, <c>BINARY[section]</c> or <c>RFC822</c>/<c>RFC822.HEADER</c>/<c>RFC822.TEXT</c>.</summary>
public sealed class FetchBodySection
{
    /// <summary>Creates a body item.</summary>
    public FetchBodySection(string item, string section, uint? origin, ReadOnlyMemory<byte>? data, long length, bool streamed)
    {
        Item = item;
        Section = section;
        Origin = origin;
        Data = data;
        Length = length;
        IsStreamed = streamed;
    }

    /// <summary>The item name, upper case: <c>BODY</c>, <c>BINARY</c>, <c>RFC822</c>, <c>RFC822.HEADER</c> or <c>RFC822.TEXT</c>.</summary>
    public string Item { get; }

    /// <summary>The section text inside the brackets (e.g. empty, <c>HEADER</c>, <c>1.2</c>); empty for RFC822 items.</summary>
    public string Section { get; }

    /// <summary>The partial-fetch origin octet (<c>&lt;n&gt;</c>), or null.</summary>
    public uint? Origin { get; }

    /// <summary>The payload, or null when the server sent NIL or when it was streamed to a sink.</summary>
    public ReadOnlyMemory<byte>? Data { get; }

    /// <summary>The payload length in bytes (0 for NIL).</summary>
    public long Length { get; }

    /// <summary>True when the payload went to an <c>IFetchBodySink</c> instead of <see cref="Data"/>.</summary>
    public bool IsStreamed { get; }

    /// <summary>True when the server sent NIL.</summary>
    public bool IsNil => Data is null && !IsStreamed;
}
