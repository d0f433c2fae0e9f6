using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ImapSync.Cli.Output;

/// <summary>The end-of-run summary, as text for people or as one JSON object (<c>--json</c>).</summary>
internal static class SummaryWriter
{
    public static string Text(SyncStatistics s, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"""
        Summary: {s.MailboxesDone} mailbox(es) synchronized, {s.MailboxesCreated} created, in {elapsed.TotalSeconds:0.0} s
          local → remote: {s.MessagesToRemote} message(s), {ByteSize.Format(s.BytesToRemote)} bytes
          remote → local: {s.MessagesToLocal} message(s), {ByteSize.Format(s.BytesToLocal)} bytes
          flag updates: {s.FlagUpdates}, expunges: {s.Expunges}, conflicts: {s.Conflicts}
        """) + Adopted(s) + Moved(s) + Recovered(s) + Traffic("local", s.LocalTraffic) + Traffic("remote", s.RemoteTraffic);

    // Only first syncs of mailboxes populated on both sides adopt messages.
    private static string Adopted(SyncStatistics s) =>
        s.Adopted == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"\n  adopted (already on both sides, not copied): {s.Adopted} message(s)");

    // Only moves another client made between mailboxes are replayed.
    private static string Moved(SyncStatistics s) =>
        s.Moved == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"\n  moved (as another client moved them on the other side, not copied): {s.Moved} message(s)");

    // Only mailboxes whose UIDVALIDITY changed are recovered.
    private static string Recovered(SyncStatistics s) =>
        s.UidValidityRecoveries == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"\n  UIDVALIDITY changes recovered: {s.UidValidityRecoveries} mailbox(es)");

    // InterIMAP prints this line per server at exit.
    private static string Traffic(string server, ServerTraffic traffic) =>
        traffic.IsEmpty ? "" : $"\n  {server}: {traffic.Describe()}";

    public static string Json(SyncStatistics s, TimeSpan elapsed, int exitCode, string? error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("exitCode", exitCode);
            if (error is null)
            {
                json.WriteNull("error");
            }
            else
            {
                json.WriteString("error", error);
            }

            json.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 3));
            json.WriteNumber("mailboxes", s.MailboxesDone);
            json.WriteNumber("mailboxesCreated", s.MailboxesCreated);
            json.WriteStartObject("localToRemote");
            json.WriteNumber("messages", s.MessagesToRemote);
            json.WriteNumber("bytes", s.BytesToRemote);
            json.WriteEndObject();
            json.WriteStartObject("remoteToLocal");
            json.WriteNumber("messages", s.MessagesToLocal);
            json.WriteNumber("bytes", s.BytesToLocal);
            json.WriteEndObject();
            json.WriteNumber("flagUpdates", s.FlagUpdates);
            json.WriteNumber("expunges", s.Expunges);
            json.WriteNumber("conflicts", s.Conflicts);
            json.WriteNumber("adopted", s.Adopted);
            json.WriteNumber("moved", s.Moved);
            json.WriteNumber("uidValidityRecovered", s.UidValidityRecoveries);
            json.WriteStartObject("traffic");
            WriteTraffic(json, "local", s.LocalTraffic);
            WriteTraffic(json, "remote", s.RemoteTraffic);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Wire bytes (above TLS, after compression) and the bytes before compression (equal without it).
    private static void WriteTraffic(Utf8JsonWriter json, string server, ServerTraffic traffic)
    {
        json.WriteStartObject(server);
        json.WriteNumber("received", traffic.Received);
        json.WriteNumber("sent", traffic.Sent);
        json.WriteNumber("plainReceived", traffic.PlainReceived);
        json.WriteNumber("plainSent", traffic.PlainSent);
        json.WriteBoolean("compressed", traffic.IsCompressed);
        json.WriteEndObject();
    }
}
