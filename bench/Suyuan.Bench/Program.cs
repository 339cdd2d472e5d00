using Suyuan.Bench;

// Benchmarks print their figures; docs/benchmarks.md records them with the command that reproduced them.
var name = args.Length > 0 ? args[0] : "help";
switch (name)
{
    case "core":
        CoreBenchmark.Run(events: Arg(1, 10_000), rounds: Arg(2, 7));
        break;
    default:
        Console.WriteLine("usage: dotnet run -c Release --project bench/Suyuan.Bench -- <benchmark> [args]");
        Console.WriteLine("  core [events=10000] [rounds=7]   parse + validate + hash of one capture document, one thread");
        break;
}

int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var v) ? v : fallback;
