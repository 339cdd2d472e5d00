using Suyuan.Bench;

// Benchmarks print their figures; docs/benchmarks.md records them with the command that reproduced them.
switch (args.FirstOrDefault())
{
    case "core":
        CoreBenchmark.Run(events: Arg(1, 10_000), rounds: Arg(2, 7));
        return 0;
    case "accept":
        await AcceptanceBenchmark.RunAsync(documents: Arg(1, 20), eventsPerDocument: Arg(2, 1000), rounds: Arg(3, 5));
        return 0;
    case "store":
        return await StoreBenchmark.RunAsync(args.Skip(1).ToArray());
    case "capture":
        var serverProcess = args.Contains("--process");
        var replayViews = args.Contains("--replay-views");
        var httpOnly = args.Contains("--http-only");
        var warm = args.SkipWhile(a => a != "--warm").Skip(1).FirstOrDefault() is { } w && int.TryParse(w, out var n) ? n : 0;
        // --note N: every event carries N more characters (large events, for memory).
        var note = args.SkipWhile(a => a != "--note").Skip(1).FirstOrDefault() is { } c && int.TryParse(c, out var chars) ? chars : 0;
        args = args.Where((a, i) => a is not ("--process" or "--replay-views" or "--http-only" or "--warm" or "--note") && (i == 0 || args[i - 1] is not ("--warm" or "--note"))).ToArray();
        await CaptureBenchmark.RunAsync(documents: Arg(1, 100), eventsPerDocument: Arg(2, 1000), postgres: args.Length > 3 ? args[3] : null, serverProcess, warm, replayViews, httpOnly, note);
        return 0;
    case "documents":
        // The capture benchmark's documents as files, for scripts (bench/query-during-capture.sh).
        Directory.CreateDirectory(args.Length > 3 ? args[3] : ".");
        for (var d = 0; d < Arg(1, 3); d++)
        {
            File.WriteAllBytes(Path.Combine(args.Length > 3 ? args[3] : ".", $"document-{d + 1}.json"), SampleDocuments.ObjectEvents(Arg(2, 10_000), seed: d));
        }
        return 0;
    case "trace":
        return await TraceBenchmark.RunAsync(args.Skip(1).ToArray());
    case "public":
        return await PublicPageBenchmark.RunAsync(args.Skip(1).ToArray());
    case "filling":
        return await FillingCheckBenchmark.RunAsync(args.Skip(1).ToArray());
    default:
        Console.WriteLine("usage: dotnet run -c Release --project bench/Suyuan.Bench -- <benchmark> [args]");
        Console.WriteLine("  core [events=10000] [rounds=7]                                  parse + validate + hash of one capture document, one thread");
        Console.WriteLine("  accept [documents=20] [eventsPerDocument=1000] [rounds=5]        a capture request's work per event before its 202, by stage, one thread");
        Console.WriteLine("  store [batches=100] [batchSize=1000] [pg-conn]                  the event store alone, and raw inserts as the lower bound");
        Console.WriteLine("  capture [documents=100] [eventsPerDocument=1000] [pg-conn] [--process [--warm N]]  HTTP capture end to end vs raw store appends;");
        Console.WriteLine("                                                                  --process: the server runs as `suyuan serve` (its own RSS and CPU);");
        Console.WriteLine("                                                                  --warm N: it first captures N other documents, untimed (a server past its start-up)");
        Console.WriteLine("                                                                  --replay-views: then times the derived views following the whole feed again on an idle server");
        Console.WriteLine("                                                                  --http-only: leaves out the raw appends and raw rows");
        Console.WriteLine("  documents [count=3] [eventsPerDocument=10000] [dir=.]             the capture benchmark's documents as files (document-N.json)");
        Console.WriteLine("  trace [events=100000] [stores=2000] [pg-conn] [--keep DIR]      backward/forward trace p50/p99 and recall impact over a generated chain");
        Console.WriteLine("  public [requests=20000] [concurrency=32]                        GET /t/{code} req/s and p99 on loopback over the seeded demo city");
        Console.WriteLine("  filling [cylinders=10000] [requests=50000] [concurrency=16]     GET /api/cylinders/{tag}/filling-check req/s and p50/p99 on loopback");
        return 2;
}

int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var v) ? v : fallback;
