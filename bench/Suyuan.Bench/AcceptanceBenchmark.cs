using System.Diagnostics;
using Suyuan.Core.Epcis;
using Suyuan.Core.Profiles;
using Suyuan.Features.Capture;

namespace Suyuan.Bench;

/// <summary>
/// What a capture request does per event before the 202, one thread, on the capture benchmark's documents: stream the
/// document, validate (EPCIS structure and rules), check the category profile, give the event its identity (hash, eventID
/// written in, detached for the worker), then what the capture worker prepares before it writes a batch (index rows, content
/// key, lineage facts, strings to intern). Each stage is timed with the ones before it; the differences are its cost.
/// </summary>
internal static class AcceptanceBenchmark
{
    public static async Task RunAsync(int documents, int eventsPerDocument, int rounds)
    {
        var bodies = Enumerable.Range(0, documents).Select(seed => SampleDocuments.ObjectEvents(eventsPerDocument, seed)).ToArray();
        var total = (long)documents * eventsPerDocument;
        Console.WriteLine($"acceptance: {documents} documents x {eventsPerDocument:N0} events (the capture benchmark's), {rounds} rounds, 1 thread; median per stage");
        string[] stages = ["read (stream + parse)", "+ validate (structure, EPCIS/CBV rules)", "+ category profile", "+ identity (hash, eventID, detached copy)", "+ prepared for the writer (index, lineage)"];
        double previous = 0, previousAllocated = 0;
        for (var stage = 0; stage < stages.Length; stage++)
        {
            var times = new List<double>();
            var allocations = new List<double>();
            for (var round = 0; round < rounds + 1; round++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                long sink = 0;
                foreach (var body in bodies)
                {
                    var batch = new List<Storage.EventInput>(eventsPerDocument);
                    await foreach (var item in EventSource.ReadAsync(new MemoryStream(body, writable: false), default))
                    {
                        if (stage >= 1)
                        {
                            sink += EpcisValidator.ValidateEvent(item.Event, item.Context, item.Pointer).Count;
                        }
                        if (stage >= 2)
                        {
                            sink += ProfileCheck.Check(item.Event, item.Context, item.Pointer).Count;
                        }
                        if (stage >= 3)
                        {
                            var input = EventSource.ToInput(item.Event, item.Context, detach: true);
                            sink += input.EventId.Length;
                            if (stage >= 4)
                            {
                                batch.Add(input.Input);
                            }
                        }
                        sink++;
                    }
                    if (batch.Count > 0)
                    {
                        sink += Storage.PreparedEvents.Prepare(batch).Inputs.Count;
                    }
                }
                clock.Stop();
                if (round > 0)
                {
                    times.Add(clock.Elapsed.TotalMicroseconds / total);
                    allocations.Add((GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)total);
                }
                GC.KeepAlive(sink);
            }
            times.Sort();
            allocations.Sort();
            var median = times[times.Count / 2];
            var bytes = allocations[allocations.Count / 2];
            Console.WriteLine($"  {stages[stage],-44} {median,7:F1} µs per event (stage alone {median - previous,5:F1}); {bytes,7:N0} bytes allocated per event (stage alone {bytes - previousAllocated,6:N0})");
            previous = median;
            previousAllocated = bytes;
        }
    }
}
