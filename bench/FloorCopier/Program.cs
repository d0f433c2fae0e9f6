using FloorCopier;

// The benchmark's floor: copy every mailbox of one server to another with one connection each,
// pipelined UID FETCH and MULTIAPPEND, and nothing else (no state, no flags sync, no checks).
try
{
    var options = CopierOptions.Parse(args);
    var copied = await MailboxCopier.CopyAllAsync(options);
    Console.Error.WriteLine($"floor: copied {copied.Messages} messages, {copied.Bytes} bytes");
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"floor: {e.Message}");
    Console.Error.WriteLine(CopierOptions.Usage);
    return 2;
}
catch (Exception e) when (e is IOException or Imap.Protocol.Client.ImapCommandException or Imap.Protocol.Model.ImapProtocolException or Imap.Protocol.Transport.ImapConnectionException)
{
    Console.Error.WriteLine($"floor: {e.Message}");
    return 1;
}
