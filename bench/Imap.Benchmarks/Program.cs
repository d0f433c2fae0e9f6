using BenchmarkDotNet.Running;
using Imap.Benchmarks.Protocol;

// "protocol" runs the client benchmark against a live server; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "protocol")
{
    return await ProtocolBenchmarkCommand.RunAsync(args[1..]);
}
// "parser-cpu" times the parser benchmarks in CPU time too (wall time is noisy on a shared machine).
if (args.Length > 0 && args[0] == "parser-cpu")
{
    return await Imap.Benchmarks.Parser.ParserCpuCommand.RunAsync();
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
