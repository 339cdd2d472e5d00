using System.Diagnostics;
using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Json;

namespace Suyuan.Bench;

/// <summary>Parse + validate + hash of one 10,000-event capture document on one thread (the capture hot path).</summary>
internal static class CoreBenchmark
{
    public static void Run(int events, int rounds)
    {
        var document = SampleDocuments.ObjectEvents(events);
        Console.WriteLine($"core: one document of {events:N0} events, {document.Length / 1024.0 / 1024.0:F1} MiB, {rounds} rounds, 1 thread");
        Stage("parse (JSON + EPCIS model)", document, events, rounds, bytes =>
        {
            using var doc = JsonDocument.Parse(bytes);
            var context = EpcisContext.FromDocument(doc.RootElement);
            var n = 0;
            foreach (var evt in EpcisEvents.Enumerate(doc.RootElement))
            {
                n += EpcisModelParse(evt, context);
            }
            return n;
        });
        Stage("validate", document, events, rounds, bytes =>
        {
            using var doc = JsonDocument.Parse(bytes);
            return EpcisValidator.Validate(doc.RootElement).Count;
        });
        Stage("hash", document, events, rounds, bytes =>
        {
            using var doc = JsonDocument.Parse(bytes);
            return EventHash.ComputeAll(doc.RootElement).Count;
        });
        Stage("parse + validate + hash", document, events, rounds, bytes =>
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            var context = EpcisContext.FromDocument(root);
            var problems = EpcisValidator.Validate(root);
            var n = problems.Count;
            foreach (var evt in EpcisEvents.Enumerate(root))
            {
                n += EpcisModelParse(evt, context);
                n += EventHash.Compute(evt, context).Length;
            }
            return n;
        });
    }

    private static int EpcisModelParse(JsonElement evt, EpcisContext context) => EpcisJson.ReadEvent(evt, context) is null ? 0 : 1;

    private static void Stage(string name, byte[] document, int events, int rounds, Func<byte[], int> body)
    {
        body(document); // warm-up: JIT and lazy standards data
        var samples = new List<double>(rounds);
        for (var r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            body(document);
            samples.Add(sw.Elapsed.TotalSeconds);
        }
        samples.Sort();
        var median = samples[samples.Count / 2];
        Console.WriteLine($"  {name,-28} {events / median,12:N0} events/s   (median {median * 1000:F0} ms per document, best {events / samples[0]:N0} events/s)");
    }
}
