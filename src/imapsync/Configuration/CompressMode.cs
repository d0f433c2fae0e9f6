namespace ImapSync.Cli.Configuration;

/// <summary>The <c>compress</c> key: InterIMAP's YES/NO plus <c>auto</c>.</summary>
internal enum CompressMode
{
    No,
    Yes,

    /// <summary>Compress only network connections to a host other than the loopback (never tunnels).</summary>
    Auto,
}
