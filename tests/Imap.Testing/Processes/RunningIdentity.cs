using System.Globalization;

namespace Imap.Testing.Processes;

/// <summary>
/// Who the test process runs as, and which account mail files belong to. As root, Dovecot refuses
/// mail access as UID 0, so mail belongs to nobody:nogroup and tunnel processes drop to it with setpriv.
/// </summary>
/// <param name="InternalGid">Group of Dovecot's internal processes (auth), which must read the passwd-file.</param>
internal sealed record RunningIdentity(bool IsRoot, string MailUser, string MailGroup, int MailUid, int MailGid, int InternalGid)
{
    private static readonly Lazy<Task<RunningIdentity>> Current = new(DetectAsync);

    public static Task<RunningIdentity> GetAsync() => Current.Value;

    private static async Task<RunningIdentity> DetectAsync()
    {
        var uid = await IdAsync("-u");
        if (uid == "0")
        {
            return new RunningIdentity(true, "nobody", "nogroup", Number(await IdAsync("-u", "nobody")), Number(await IdAsync("-g", "nobody")),
                Number(await IdAsync("-g", "dovecot")));
        }

        var gid = Number(await IdAsync("-g"));
        return new RunningIdentity(false, await IdAsync("-un"), await IdAsync("-gn"), Number(uid), gid, gid);
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static async Task<string> IdAsync(params string[] arguments) =>
        (await CommandRunner.RunCheckedAsync("id", arguments)).StandardOutput.Trim();
}
