using System.Net.Sockets;
using System.Text;
using Imap.Testing.Dovecot;
using Imap.Testing.Processes;
using Imap.Testing.Tls;

namespace Imap.Testing;

/// <summary>
/// What every fixture server (<see cref="DovecotServer"/>, <see cref="Cyrus.CyrusServer"/>) offers:
/// where it listens, its certificate, its accounts, seeding and read-back helpers, and a stop by PID
/// that deletes its temp directory. Sync tests can take either server through this type.
/// </summary>
public abstract class LocalImapServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);
    private Task? _stopTask;

    private protected LocalImapServer(string directory, TestCertificate? certificate)
    {
        Directory = directory;
        Certificate = certificate;
    }

    /// <summary>Always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>Plain IMAP port (STARTTLS available when TLS is on).</summary>
    public int Port { get; private protected set; }

    /// <summary>Implicit-TLS port; 0 when TLS is off.</summary>
    public int ImapsPort { get; private protected set; }

    /// <summary>The hierarchy separator the server uses.</summary>
    public abstract char HierarchySeparator { get; }

    /// <summary>Accounts that can log in.</summary>
    public abstract IReadOnlyList<DovecotUser> Users { get; }

    /// <summary>The instance directory (deleted on stop).</summary>
    public string Directory { get; }

    /// <summary>The server certificate; null when TLS is off.</summary>
    public TestCertificate? Certificate { get; }

    /// <summary>Path of the certificate, which is also the CA file to trust. Throws when TLS is off.</summary>
    public string CertificatePath => RequireCertificate().CertificatePath;

    /// <summary>SPKI pin in InterIMAP's SSL_fingerprint form (<c>sha256$hex</c>). Throws when TLS is off.</summary>
    public string SpkiFingerprint => RequireCertificate().SpkiFingerprint;

    /// <summary>PID of the server's master process.</summary>
    public int MasterPid => Master?.Identity.Pid ?? 0;

    /// <summary>True until the server has been stopped.</summary>
    public bool IsRunning => _stopTask is null && Master is not null && UnixProcess.IsSameLiveProcess(Master.Identity);

    private protected DaemonProcess? Master { get; private set; }

    /// <summary>The password of one of <see cref="Users"/>.</summary>
    public virtual string PasswordOf(string user) =>
        Users.FirstOrDefault(u => u.Name == user)?.Password ?? throw new ArgumentException($"no user {user}", nameof(user));

    /// <summary>The server's logs, for assertion messages.</summary>
    public abstract string ReadLogs();

    /// <summary>Stops the server (idempotent) and deletes its directory. Throws if something survives.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopTask ??= StopCoreAsync();
        return _stopTask.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates a mailbox (and missing parents).</summary>
    public abstract Task CreateMailboxAsync(string user, string mailbox, CancellationToken cancellationToken = default);

    /// <summary>Deletes a mailbox and its messages.</summary>
    public abstract Task DeleteMailboxAsync(string user, string mailbox, CancellationToken cancellationToken = default);

    /// <summary>Renames a mailbox.</summary>
    public abstract Task RenameMailboxAsync(string user, string oldName, string newName, CancellationToken cancellationToken = default);

    /// <summary>Subscribes to a mailbox (it must exist).</summary>
    public abstract Task SubscribeAsync(string user, string mailbox, CancellationToken cancellationToken = default);

    /// <summary>All mailbox names of a user (or only the subscribed ones), sorted ordinally.</summary>
    public abstract Task<IReadOnlyList<string>> ListMailboxesAsync(string user, bool subscribedOnly = false, CancellationToken cancellationToken = default);

    /// <summary>MESSAGES, UIDNEXT, UIDVALIDITY and HIGHESTMODSEQ of a mailbox.</summary>
    public abstract Task<DovecotMailboxStatus> GetMailboxStatusAsync(string user, string mailbox, CancellationToken cancellationToken = default);

    /// <summary>Appends one message; returns its UID.</summary>
    public async Task<uint> AppendAsync(string user, string mailbox, SeedMessage message, CancellationToken cancellationToken = default) =>
        (await AppendAsync(user, mailbox, [message], cancellationToken))[0];

    /// <summary>Appends messages in order over one IMAP session; returns their UIDs.</summary>
    public abstract Task<IReadOnlyList<uint>> AppendAsync(string user, string mailbox, IEnumerable<SeedMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Adds flags to the given messages (UID STORE +FLAGS).</summary>
    public abstract Task AddFlagsAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, IReadOnlyCollection<string> flags, CancellationToken cancellationToken = default);

    /// <summary>Removes flags from the given messages (UID STORE -FLAGS).</summary>
    public abstract Task RemoveFlagsAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, IReadOnlyCollection<string> flags, CancellationToken cancellationToken = default);

    /// <summary>Replaces the flags of the given messages (UID STORE FLAGS); an empty list clears them.</summary>
    public abstract Task ReplaceFlagsAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, IReadOnlyCollection<string> flags, CancellationToken cancellationToken = default);

    /// <summary>Expunges exactly the given messages.</summary>
    public abstract Task ExpungeAsync(string user, string mailbox, IReadOnlyCollection<uint> uids, CancellationToken cancellationToken = default);

    /// <summary>UID, flags, INTERNALDATE, Message-ID, size and MODSEQ of every message, by UID.</summary>
    public abstract Task<IReadOnlyList<StoredMessage>> FetchMessagesAsync(string user, string mailbox, CancellationToken cancellationToken = default);

    /// <summary>The exact bytes of one message (BODY.PEEK[]; \Seen is not set).</summary>
    public abstract Task<byte[]> FetchMessageBytesAsync(string user, string mailbox, uint uid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the instance directory, lets <paramref name="create"/> build the server in it, and
    /// launches it; on any failure kills what was started and deletes the directory.
    /// </summary>
    private protected static async Task<T> StartInstanceAsync<T>(string kind, Func<string, Task<T>> create, CancellationToken cancellationToken)
        where T : LocalImapServer
    {
        var directory = InstanceDirectories.Create(kind);
        FixtureRegistry.Register(directory);
        T? server = null;
        try
        {
            server = await create(directory);
            await server.LaunchWithRetriesAsync(cancellationToken);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.StopAsync(CancellationToken.None);
            }
            else
            {
                InstanceDirectories.ForceRemove(directory);
                FixtureRegistry.Unregister(directory);
            }

            throw;
        }
    }

    /// <summary>Picks ports (<see cref="Port"/>, <see cref="ImapsPort"/>), writes the configuration, returns the master's command line.</summary>
    private protected abstract Task<(string Command, string LogPath)> ConfigureAsync(CancellationToken cancellationToken);

    /// <summary>True when a greeting line comes from this instance and it is ready for logins.</summary>
    private protected abstract bool IsOwnGreeting(string greeting);

    /// <summary>True when a failed start may be retried with other ports (a port race).</summary>
    private protected abstract bool IsPortRace();

    private async Task LaunchWithRetriesAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (command, logPath) = await ConfigureAsync(cancellationToken);
            Master?.Dispose();
            Master = DaemonProcess.Start(command, logPath);
            if (await WaitReadyAsync(cancellationToken))
            {
                return;
            }

            if (Master.HasExited && attempt < 5 && IsPortRace())
            {
                continue;
            }

            throw new InvalidOperationException(
                $"{GetType().Name} did not become ready on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s.\n{ReadLogs()}");
        }
    }

    /// <summary>Polls the plain port until our own server greets; the master must really hold the ports.</summary>
    private async Task<bool> WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Master!.HasExited)
            {
                return false;
            }

            if (ListeningSockets.IsListeningOn(Master.Identity.Pid, Port)
                && (ImapsPort == 0 || ListeningSockets.IsListeningOn(Master.Identity.Pid, ImapsPort))
                && await TryReadGreetingAsync(cancellationToken) is { } greeting
                && IsOwnGreeting(greeting))
            {
                return true;
            }

            await Task.Delay(25, cancellationToken);
        }

        return false;
    }

    private async Task<string?> TryReadGreetingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Host, Port, timeout.Token);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            return await reader.ReadLineAsync(timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    private async Task StopCoreAsync()
    {
        try
        {
            if (Master is not null)
            {
                await Master.StopAsync(Directory, GracefulStopTimeout);
            }

            InstanceDirectories.DeleteTree(Directory);
        }
        finally
        {
            Master?.Dispose();
        }

        FixtureRegistry.Unregister(Directory);
        if (System.IO.Directory.Exists(Directory))
        {
            throw new InvalidOperationException($"could not delete {Directory}");
        }
    }

    private TestCertificate RequireCertificate() =>
        Certificate ?? throw new InvalidOperationException($"TLS is off for this {GetType().Name}");
}
