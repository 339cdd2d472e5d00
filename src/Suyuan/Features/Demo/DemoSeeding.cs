using Suyuan.Features.Capture;
using Suyuan.Hosting;
using Suyuan.Storage;
using Suyuan.Storage.Query;

namespace Suyuan.Features.Demo;

/// <summary><c>serve --demo</c>: seeds the demo city through capture once the server listens, only when the store is empty.</summary>
internal static class DemoSeeding
{
    /// <summary>Events per document while seeding: small enough that progress shows, large enough to be quick.</summary>
    private const int DocumentSize = 2_000;

    /// <summary>Seeds in the background; returns the running task (the result, or null when the store already held events).</summary>
    public static Task<DemoResult?> StartInBackground(IServiceProvider services, string baseUrl, CancellationToken stopping) =>
        Task.Run(async () =>
        {
            try
            {
                // The served demo is live: its thirty days of trade end yesterday, so maintenance, inspections and reports are current.
                var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
                return await SeedIfEmptyAsync(services, baseUrl, DemoPlan.City(baseDate: today.AddDays(10)), Console.Out, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"demo: seeding failed: {e.Message}");
                return null;
            }
        }, CancellationToken.None);

    public static async Task<DemoResult?> SeedIfEmptyAsync(IServiceProvider services, string baseUrl, DemoPlan plan, TextWriter output, CancellationToken ct)
    {
        await DemoRegistry.RegisterAsync(services, plan, output, ct);
        var store = services.GetRequiredService<IEventStore>();
        var first = await store.QueryAsync(EpcisQuery.All(1), ct);
        if (first.Count > 0)
        {
            output.WriteLine("demo: the store already holds events; the demo city is not seeded again");
            return null;
        }
        var capture = new DemoCapture(services.GetRequiredService<CaptureService>(), store, services.GetRequiredService<ServeOptions>(), ct);
        var highlights = new DemoHighlights();
        output.WriteLine($"demo: seeding the demo city of Nantong (seed {plan.Seed}, {plan.Days} days before {plan.BaseDate:yyyy-MM-dd}) through /capture's path…");
        var lastDocuments = 0;
        var progress = new SynchronousProgress<DemoProgress>(p =>
        {
            if (p.Documents - lastDocuments >= 2)
            {
                lastDocuments = p.Documents;
                output.WriteLine($"demo: {p.Stored:N0} events stored ({p.Documents} documents, {p.EventsPerSecond:N0} events/s)");
            }
        });
        var result = await capture.RunAsync(plan, DocumentSize, highlights, progress, ct);
        foreach (var failure in result.Failures)
        {
            output.WriteLine("demo: " + failure);
        }
        output.WriteLine($"demo: the demo city is ready: {result.Stored:N0} events in {result.Documents} documents, {result.Elapsed.TotalSeconds:N1} s");
        var root = baseUrl.TrimEnd('/');
        output.WriteLine("demo: worth opening:");
        output.WriteLine($"  {root}/events?EQ_bizStep=retail_selling");
        if (highlights.PorkReceipt is { } receipt)
        {
            if (receipt.StartsWith("urn:suyuan:trace:", StringComparison.Ordinal))
            {
                output.WriteLine($"  {root}/t/{receipt["urn:suyuan:trace:".Length..]}        (the public page a shopper sees when scanning that pork receipt)");
            }
            output.WriteLine($"  {root}/api/trace/backward?id={Uri.EscapeDataString(receipt)}        (the receipt traced back to the farm)");
            output.WriteLine($"  {root}/events?MATCH_anyEPC={Uri.EscapeDataString(receipt)}        (a pork receipt's trace code)");
        }
        if (highlights.PorkLot is { } pork)
        {
            output.WriteLine($"  {root}/events?MATCH_anyEPCClass={Uri.EscapeDataString(pork)}        (that receipt's carcass lot, from slaughter to every stall)");
        }
        if (highlights.MilkLot is { } milk)
        {
            output.WriteLine($"  {root}/events?MATCH_anyEPCClass={Uri.EscapeDataString(milk)}        (a UHT milk lot and the raw milk lots it was made from)");
            output.WriteLine($"  {root}/api/recall/impact?id={Uri.EscapeDataString(milk)}&format=xlsx        (its recall spreadsheet: every store that received it)");
        }
        if (highlights.DrugUnit is { } drug)
        {
            output.WriteLine($"  {root}/events?MATCH_anyEPC={Uri.EscapeDataString(drug)}        (a serialized drug unit, packed, shipped, dispensed)");
        }
        if (highlights.Elevator is { } elevator)
        {
            output.WriteLine($"  {root}/events?MATCH_epc={Uri.EscapeDataString(elevator)}        (an elevator's maintenance and inspections)");
        }
        output.WriteLine($"  {root}/dashboard        (the regulators' dashboard: sign in as reg-food-drug or reg-commerce)");
        output.WriteLine($"  {root}/dashboard/alerts        (the alerts the rules raised on the demo's fault stories, to acknowledge; JSON: /api/alerts)");
        output.WriteLine($"  {root}/record        (the recording forms a market stall uses: sign in as ent-slaughterhouse or ent-pharmacy)");
        output.WriteLine($"  {root}/regulator/chemicals        (where every kilogram of a hazardous chemical is: sign in as reg-work-safety)");
        output.WriteLine($"  {root}/api/elevators        (elevators; each has a public page /e/{{registration code}} for the sticker in the car)");
        output.WriteLine("  The API pages (/events, /api/...) need a sign-in first (/login, e.g. admin / suyuan-demo).");
        return result;
    }

    /// <summary>Reports on the caller's thread: the capture loop is sequential, so no locking is needed.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
