namespace Imap.Testing.Dovecot;

/// <summary>On-disk mail format; it decides which mailbox names are allowed (servers.md §4.3).</summary>
public enum DovecotMailStorage
{
    /// <summary>Maildir++ (default): with separator '/', names containing '.' are refused.</summary>
    Maildir,

    /// <summary>Maildir with LAYOUT=fs: with separator '/', names may contain '.'.</summary>
    MaildirFs,

    /// <summary>Dovecot's multi-dbox format.</summary>
    Mdbox,
}
