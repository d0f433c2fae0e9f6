namespace Imap.Testing.Dovecot;

/// <summary>How a <see cref="DovecotServer"/> is configured. The defaults give a full-featured server.</summary>
public sealed record DovecotOptions
{
    /// <summary>Hierarchy separator: '/' or '.'.</summary>
    public char HierarchySeparator { get; init; } = '/';

    /// <summary>On-disk format.</summary>
    public DovecotMailStorage Storage { get; init; } = DovecotMailStorage.Maildir;

    /// <summary>STARTTLS on the plain port and an implicit-TLS (imaps) port, with a generated certificate.</summary>
    public bool Tls { get; init; } = true;

    /// <summary>COMPRESS=DEFLATE (the imap_zlib plugin).</summary>
    public bool Compress { get; init; } = true;

    /// <summary>NOTIFY (needs mailbox_list_index).</summary>
    public bool Notify { get; init; } = true;

    /// <summary>Advertised capability list.</summary>
    public DovecotCapabilityProfile Capabilities { get; init; } = DovecotCapabilityProfile.Full;

    /// <summary>
    /// When set, exactly these capabilities are advertised (before and after login, plus STARTTLS and
    /// AUTH= before it) instead of <see cref="Capabilities"/>, e.g. a provider's from
    /// <see cref="ProviderCapabilities"/>. Only the advertisement changes: Dovecot still honours ENABLE,
    /// CONDSTORE and the rest, which is enough to test what a client decides from the list.
    /// </summary>
    public IReadOnlyList<string>? AdvertisedCapabilities { get; init; }

    /// <summary>
    /// SASL mechanisms offered (Dovecot names). PLAIN, LOGIN, SCRAM-SHA-1, SCRAM-SHA-256 and CRAM-MD5
    /// all work with the fixture's plaintext passwd-file.
    /// </summary>
    public IReadOnlyList<string> AuthMechanisms { get; init; } = ["PLAIN", "LOGIN", "SCRAM-SHA-1", "SCRAM-SHA-256"];

    /// <summary>Accounts; the default is alice/alicepw and bob/bobpw.</summary>
    public IReadOnlyList<DovecotUser> Users { get; init; } =
        [new DovecotUser("alice", "alicepw"), new DovecotUser("bob", "bobpw")];

    /// <summary>Write per-connection protocol logs (post-login traffic) into <see cref="DovecotServer.RawLogDirectory"/>.</summary>
    public bool RawLog { get; init; }

    /// <summary>Extra Dovecot debug logging (auth and mail) into the server log.</summary>
    public bool DebugLog { get; init; }

    /// <summary>How often an idling client gets "* OK Still here" (imap_idle_notify_interval; Dovecot's default is 2 minutes).</summary>
    public TimeSpan? IdleNotifyInterval { get; init; }
}
