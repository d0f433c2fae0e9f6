using System.Runtime.CompilerServices;

[assembly: System.CLSCompliant(false)]
[assembly: InternalsVisibleTo("Imap.Protocol.Tests")]
[assembly: InternalsVisibleTo("ImapSync.Cli.Tests")]
