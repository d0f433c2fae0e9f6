namespace Imap.Benchmarks.Protocol;

/// <summary>The server under test: host, port and credentials, reached through the delaying proxy.</summary>
internal sealed record BenchmarkTarget(string Host, int Port, string User, string Password, string Mailbox);
