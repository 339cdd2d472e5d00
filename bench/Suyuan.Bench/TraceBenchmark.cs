using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Suyuan.Core.Identifiers;
using Suyuan.Features.Recall;
using Suyuan.Storage;
using Suyuan.Storage.Lineage;
using Suyuan.Storage.Postgres;
using Suyuan.Storage.Sqlite;

namespace Suyuan.Bench;

/// <summary>
/// Stores a generated supply chain of N events (lots commissioned at farms, shipped, merged at plants, shipped to stores),
/// then times backward and forward traces of random lots and the recall impact of one lot that reached many stores.
/// </summary>
internal static class TraceBenchmark
{
    private const int EventsPerUnit = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        // --keep DIR (SQLite): store into DIR and leave it there; a later run with the same N and stores only measures.
        string? keep = null;
        if (Array.IndexOf(args, "--keep") is var k and >= 0 && k + 1 < args.Length)
        {
            keep = Path.GetFullPath(args[k + 1]);
            args = [.. args[..k], .. args[(k + 2)..]];
        }
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var stores = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
        var postgres = args.Length > 2 ? args[2] : null;
        var units = Math.Max(2, total / EventsPerUnit);
        var dir = keep ?? Path.Combine(Path.GetTempPath(), "suyuan-trace-bench-" + Guid.NewGuid().ToString("N"));
        var marker = Path.Combine(dir, "trace-bench.txt");
        var shape = $"{total} {stores}";
        var reuse = keep is not null && postgres is null && File.Exists(marker) && File.ReadAllText(marker).Trim() == shape;
        try
        {
            IEventStore store = postgres is null ? await SqliteEventStore.OpenAsync(dir) : await PostgresEventStore.OpenAsync(postgres);
            await using (store)
            {
                if (reuse)
                {
                    Console.WriteLine($"reusing the {shape.Replace(' ', '/')} events/stores chain kept in {dir}");
                }
                var clock = Stopwatch.StartNew();
                var batch = new List<EventInput>(1000);
                var stored = 0;
                async Task Flush()
                {
                    var result = await store.AppendAsync(batch);
                    if (!result.Accepted)
                    {
                        throw new InvalidOperationException(result.Outcomes.First(o => o.Status != AppendStatus.Stored).Message);
                    }
                    stored += batch.Count;
                    batch.Clear();
                }
                foreach (var json in reuse ? [] : Unit(-1, stores).Concat(Enumerable.Range(0, units).SelectMany(u => Unit(u, 3))))
                {
                    batch.Add(new EventInput(JsonDocument.Parse(json).RootElement.Clone()));
                    if (batch.Count == 1000)
                    {
                        await Flush();
                    }
                }
                if (batch.Count > 0)
                {
                    await Flush();
                }
                clock.Stop();
                if (!reuse)
                {
                    Console.WriteLine($"store ({(postgres is null ? "sqlite" : "postgres")}) with lineage: {stored:N0} events in {clock.Elapsed.TotalSeconds:F1} s = {stored / clock.Elapsed.TotalSeconds:N0} events/s");
                    if (keep is not null)
                    {
                        await File.WriteAllTextAsync(marker, shape);
                    }
                }

            }

            // Measured on the store opened afresh, as after a restart: the writer's string cache would otherwise favour small
            // chains (it holds a large share of a 1 M chain's identifiers, a small one of a 10 M chain's).
            store = postgres is null ? await SqliteEventStore.OpenAsync(dir) : await PostgresEventStore.OpenAsync(postgres);
            await using (store)
            {
                var lineage = LineageStore.Of(store);
                var random = new Random(7);
                foreach (var (name, direction, lot) in new (string, TraceDirection, Func<int, string>)[]
                {
                    ("backward of a product lot", TraceDirection.Backward, u => ProductLot(u)),
                    ("forward of a raw lot", TraceDirection.Forward, u => RawLot(u)),
                })
                {
                    var times = new List<double>();
                    var sizes = 0;
                    for (var i = 0; i < 1_100; i++)
                    {
                        var id = IdentifierConverter.Canonicalise(lot(random.Next(1, units)));
                        var t = Stopwatch.StartNew();
                        var result = await lineage.TraceAsync([(id, null)], direction);
                        t.Stop();
                        if (i >= 100)
                        {
                            times.Add(t.Elapsed.TotalMilliseconds);
                            sizes += result.Events.Count;
                        }
                    }
                    times.Sort();
                    Console.WriteLine($"{name}: p50 {times[times.Count / 2]:F2} ms, p99 {times[(int)(times.Count * 0.99)]:F2} ms ({sizes / (double)times.Count:F1} events per trace)");
                }

                var recall = new List<double>();
                TraceResult? impact = null;
                var rows = 0;
                for (var i = 0; i < 6; i++)
                {
                    var t = Stopwatch.StartNew();
                    impact = await lineage.TraceAsync([(IdentifierConverter.Canonicalise(RawLot(-1)), null)], TraceDirection.Forward);
                    var records = FsmaRecords.From(impact);
                    var csv = FsmaRecords.Csv(records);
                    var stock = StockLedger.Balance(impact);
                    t.Stop();
                    rows = records.Count;
                    _ = (csv, stock);
                    recall.Add(t.Elapsed.TotalMilliseconds);
                }
                recall.Sort();
                Console.WriteLine($"recall impact of a lot that reached {stores:N0} stores (trace + FSMA records + CSV + stock): median {recall[recall.Count / 2]:F0} ms, worst {recall[^1]:F0} ms; "
                    + $"{impact!.Locations.Count:N0} locations, {impact.Parties.Count:N0} parties, {impact.Events.Count:N0} events, {rows:N0} rows");
            }
        }
        finally
        {
            if (keep is null && Directory.Exists(dir))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dir, recursive: true);
            }
        }
        return 0;
    }

    private static string RawLot(int unit) => $"urn:epc:class:lgtin:4012345.011111.R{unit}";

    private static string ProductLot(int unit) => $"urn:epc:class:lgtin:4012345.022222.P{unit}";

    private static string Sgln(int n) => $"urn:epc:id:sgln:4012345.{n % 100_000:00000}.0";

    private static string Pgln(int n) => $"urn:epc:id:pgln:4012345.{n % 100_000:00000}";

    /// <summary>One unit: a raw lot commissioned, shipped, received, merged with the previous unit's lot into a product lot, shipped to and received by stores.</summary>
    private static IEnumerable<string> Unit(int u, int storeCount)
    {
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Math.Max(0, u) * 10);
        string T(int minutes) => t0.AddMinutes(minutes).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        string Id(int k) => $"urn:uuid:{new Guid((uint)(u + 10), (ushort)k, 0, 1, 2, 3, 4, 5, 6, 7, 8)}";
        var farm = Sgln(10_000 + (u & 0xFF));
        var plant = Sgln(20_000 + (u & 0x0F));
        string Q(string cls, int q) => $"{{\"epcClass\":\"{cls}\",\"quantity\":{q},\"uom\":\"KGM\"}}";
        yield return $"{{\"type\":\"ObjectEvent\",\"eventID\":\"{Id(0)}\",\"eventTime\":\"{T(0)}\",\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[],\"quantityList\":[{Q(RawLot(u), 1000)}],\"action\":\"ADD\",\"bizStep\":\"commissioning\",\"bizLocation\":{{\"id\":\"{farm}\"}}}}";
        yield return Ship(Id(1), T(1), farm, Pgln(10_000 + (u & 0xFF)), plant, Pgln(20_000 + (u & 0x0F)), Q(RawLot(u), 1000));
        yield return $"{{\"type\":\"ObjectEvent\",\"eventID\":\"{Id(2)}\",\"eventTime\":\"{T(2)}\",\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[],\"quantityList\":[{Q(RawLot(u), 1000)}],\"action\":\"OBSERVE\",\"bizStep\":\"receiving\",\"bizLocation\":{{\"id\":\"{plant}\"}}}}";
        var inputs = u > 0 ? $"{Q(RawLot(u), 1000)},{Q(RawLot(u - 1), 10)}" : Q(RawLot(u), 1000);
        yield return $"{{\"type\":\"TransformationEvent\",\"eventID\":\"{Id(3)}\",\"eventTime\":\"{T(3)}\",\"eventTimeZoneOffset\":\"+00:00\",\"inputQuantityList\":[{inputs}],\"outputQuantityList\":[{Q(ProductLot(u), 900)}],\"bizStep\":\"commissioning\",\"bizLocation\":{{\"id\":\"{plant}\"}}}}";
        for (var s = 0; s < storeCount; s++)
        {
            var shop = u < 0 ? s : (u * 7 + s * 13) % 50_000;
            yield return Ship(Id(4 + 2 * s), T(4 + s), plant, Pgln(20_000 + (u & 0x0F)), Sgln(30_000 + shop % 60_000), Pgln(30_000 + shop % 60_000), Q(ProductLot(u), 10));
            yield return $"{{\"type\":\"ObjectEvent\",\"eventID\":\"{Id(5 + 2 * s)}\",\"eventTime\":\"{T(5 + s)}\",\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[],\"quantityList\":[{Q(ProductLot(u), 10)}],\"action\":\"OBSERVE\",\"bizStep\":\"receiving\",\"bizLocation\":{{\"id\":\"{Sgln(30_000 + shop % 60_000)}\"}}}}";
        }
    }

    private static string Ship(string id, string time, string from, string fromParty, string to, string toParty, string quantity) =>
        $"{{\"type\":\"ObjectEvent\",\"eventID\":\"{id}\",\"eventTime\":\"{time}\",\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[],\"quantityList\":[{quantity}],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\","
        + $"\"sourceList\":[{{\"type\":\"owning_party\",\"source\":\"{fromParty}\"}},{{\"type\":\"location\",\"source\":\"{from}\"}}],"
        + $"\"destinationList\":[{{\"type\":\"owning_party\",\"destination\":\"{toParty}\"}},{{\"type\":\"location\",\"destination\":\"{to}\"}}]}}";
}
