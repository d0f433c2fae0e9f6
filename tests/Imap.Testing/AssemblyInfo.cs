using System.Runtime.CompilerServices;

[assembly: System.CLSCompliant(false)]
[assembly: InternalsVisibleTo("Imap.Protocol.Tests")]
