namespace Imap.Sync.Tests.Fakes;

internal sealed class SimulatedKillException(string message) : Exception(message);
