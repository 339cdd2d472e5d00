using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Hosting;

namespace Suyuan.Bench;

/// <summary>
/// GET /api/cylinders/{tag}/filling-check on loopback: N cylinders registered (one in ten filled, one in fifty scrapped) through /capture,
/// then a bounded number of checks with a fixed concurrency over known and unknown tags, naming the station as a scale would.
/// </summary>
internal static class FillingCheckBenchmark
{
    private const string Context = """["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"sy":"https://suyuan.example.cn/epcis/"}]""";

    public static async Task<int> RunAsync(string[] args)
    {
        var cylinders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var dir = Path.Combine(Path.GetTempPath(), "suyuan-filling-bench-" + Guid.NewGuid().ToString("N"));
        var app = SuyuanApp.Create(new ServeOptions { Urls = "http://127.0.0.1:0", DataDirectory = dir });
        try
        {
            await app.StartAsync();
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
            await BenchKeys.AuthorizeAsync(app.Services, client);
            var loading = Stopwatch.StartNew();
            for (var from = 0; from < cylinders; from += 5_000)
            {
                await CaptureAsync(client, Events(from, Math.Min(cylinders, from + 5_000)));
            }
            Console.WriteLine($"{cylinders:N0} cylinders registered in {loading.Elapsed.TotalSeconds:N1} s");

            // The first check catches the view up with everything captured; it is not part of the figures.
            var first = Stopwatch.GetTimestamp();
            (await client.GetAsync($"api/cylinders/{Tag(0)}/filling-check")).EnsureSuccessStatusCode();
            Console.WriteLine($"first check (the view follows the feed): {Stopwatch.GetElapsedTime(first).TotalMilliseconds:N0} ms");

            // The same load on GET /health: what loopback HTTP and the machine's load cost by themselves.
            var baseline = new double[requests];
            var slot = -1;
            var baseClock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref slot)) < requests)
                {
                    var t = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync("health", HttpCompletionOption.ResponseContentRead);
                    baseline[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                }
            }));
            Report("baseline GET /health", baseline, requests / baseClock.Elapsed.TotalSeconds);

            var latencies = new double[requests];
            var allowed = 0;
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < requests)
                {
                    var n = (int)((long)i * 7_919 % (cylinders + cylinders / 20)); // about 5 % unknown tags
                    var t = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync($"api/cylinders/{Tag(n)}/filling-check?station={Station(n)}", HttpCompletionOption.ResponseContentRead);
                    response.EnsureSuccessStatusCode();
                    var body = await response.Content.ReadAsByteArrayAsync();
                    latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                    if (body.AsSpan().IndexOf("\"allowed\":true"u8) >= 0)
                    {
                        Interlocked.Increment(ref allowed);
                    }
                }
            }));
            clock.Stop();
            Report($"filling check ({requests:N0} requests, {concurrency} concurrent, {allowed:N0} allowed)", latencies, requests / clock.Elapsed.TotalSeconds);
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // the OS temp cleaner will get it
            }
        }
    }

    private static void Report(string what, double[] latencies, double perSecond)
    {
        var sorted = latencies.Order().ToList();
        double P(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        Console.WriteLine($"{what}: {perSecond:N0} req/s, p50 {P(0.50):F2} ms, p99 {P(0.99):F2} ms, max {sorted[^1]:F2} ms");
    }

    private static string Tag(int n) => $"urn:epc:id:giai:6904321.YSP{n:D7}";

    private static string Station(int n) => $"urn:epc:id:pgln:69055{n % 20:D2}.00000";

    private static IEnumerable<string> Events(int from, int to)
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        string T(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        for (var n = from; n < to; n++)
        {
            yield return $$"""
                {"type":"ObjectEvent","eventTime":"{{T(now.AddDays(-400))}}","eventTimeZoneOffset":"+08:00","action":"ADD","bizStep":"commissioning","bizLocation":{"id":"urn:epc:id:sgln:6904321.00002.0"},
                 "epcList":["{{Tag(n)}}"],"disposition":"active","destinationList":[{"type":"owning_party","destination":"{{Station(n)}}"}],
                 "ilmd":{"sy:cylinderNumber":"YSP{{n:D7}}","sy:gas":"液化石油气","sy:nextInspectionDate":"{{T(now.AddDays(30 + n % 1000))[..10]}}"} }
                """;
            if (n % 10 == 0)
            {
                yield return $$"""
                    {"type":"ObjectEvent","eventTime":"{{T(now.AddHours(-(n % 48)))}}","eventTimeZoneOffset":"+08:00","action":"OBSERVE","bizStep":"https://suyuan.example.cn/epcis/bizstep/filling",
                     "bizLocation":{"id":"urn:epc:id:sgln:69055{{n % 20:D2}}.00003.0"},"epcList":["{{Tag(n)}}"],"disposition":"active","sy:filling":{"sy:gas":"液化石油气","sy:amountKg":14.5} }
                    """;
            }
            if (n % 50 == 7)
            {
                yield return $$"""
                    {"type":"ObjectEvent","eventTime":"{{T(now.AddDays(-3))}}","eventTimeZoneOffset":"+08:00","action":"DELETE","bizStep":"destroying",
                     "bizLocation":{"id":"urn:epc:id:sgln:6908888.00001.0"},"epcList":["{{Tag(n)}}"],"disposition":"destroyed"}
                    """;
            }
        }
    }

    private static async Task CaptureAsync(HttpClient client, IEnumerable<string> events)
    {
        var document = new StringBuilder("""{"@context":""" + Context + ""","type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[""");
        document.AppendJoin(',', events).Append("]}}");
        var response = await client.PostAsync("capture", new StringContent(document.ToString(), Encoding.UTF8, "application/ld+json"));
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"capture: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var job = response.Headers.Location!;
        while (true)
        {
            await Task.Delay(100);
            using var status = JsonDocument.Parse(await client.GetStringAsync(job));
            if (!status.RootElement.GetProperty("running").GetBoolean())
            {
                if (!status.RootElement.GetProperty("success").GetBoolean())
                {
                    throw new InvalidOperationException("capture failed: " + status.RootElement);
                }
                return;
            }
        }
    }
}
