using System.Globalization;
using Imap.Testing.Processes;

namespace Imap.Testing.Cyrus;

/// <summary>The cyrus user and mail group (from cyrus-common) that own instance files when running as root.</summary>
internal sealed record CyrusAccount(int Uid, int Gid)
{
    private static readonly Lazy<Task<CyrusAccount>> Current = new(async () => new CyrusAccount(
        int.Parse((await CommandRunner.RunCheckedAsync("id", ["-u", "cyrus"])).StandardOutput.Trim(), CultureInfo.InvariantCulture),
        int.Parse((await CommandRunner.RunCheckedAsync("getent", ["group", "mail"])).StandardOutput.Split(':')[2], CultureInfo.InvariantCulture)));

    public static Task<CyrusAccount> GetAsync() => Current.Value;
}
