namespace Imap.Protocol.Parsing;

/// <summary>How a string value was sent.</summary>
internal enum ImapStringKind
{
    /// <summary><c>NIL</c>: no value.</summary>
    Nil,

    /// <summary>An unquoted atom.</summary>
    Atom,

    /// <summary>A quoted string; <see cref="ImapString.Raw"/> may still contain escapes.</summary>
    Quoted,

    /// <summary>A literal (<c>{n}</c> or <c>~{n}</c>) held in the frame.</summary>
    Literal,

    /// <summary>A literal whose payload went to a body sink; only its length is known.</summary>
    Streamed,
}
