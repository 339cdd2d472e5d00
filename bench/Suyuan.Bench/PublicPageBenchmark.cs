using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Features.Demo;
using Suyuan.Hosting;

namespace Suyuan.Bench;

/// <summary>
/// GET /t/{code} under load on loopback after seeding the demo city: a bounded number of requests with a fixed concurrency over the
/// demo's receipt codes, first each code once (cold: the trace is read), then the load (mostly served from the short page cache).
/// </summary>
internal static partial class PublicPageBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var dir = Path.Combine(Path.GetTempPath(), "suyuan-public-bench-" + Guid.NewGuid().ToString("N"));
        var app = SuyuanApp.Create(new ServeOptions { Urls = "http://127.0.0.1:0", DataDirectory = dir });
        try
        {
            await app.StartAsync();
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
            var seeded = await DemoSeeding.SeedIfEmptyAsync(app.Services, baseUrl, DemoPlan.City(), TextWriter.Null, CancellationToken.None);
            Console.WriteLine($"demo city: {seeded!.Stored:N0} events");
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(baseUrl) };
            var sales = await client.GetStringAsync("events?EQ_bizStep=retail_selling&perPage=10000");
            var codes = TraceCode().Matches(sales).Select(m => m.Groups[1].Value).Distinct().ToList();
            Console.WriteLine($"receipt codes: {codes.Count:N0}");

            var cold = new List<double>(codes.Count);
            foreach (var code in codes)
            {
                var t = Stopwatch.GetTimestamp();
                (await client.GetAsync("t/" + code)).EnsureSuccessStatusCode();
                cold.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            Report("cold (trace read and rendered, one at a time)", cold, null);

            var latencies = new double[requests];
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < requests)
                {
                    var t = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync("t/" + codes[i % codes.Count], HttpCompletionOption.ResponseContentRead);
                    response.EnsureSuccessStatusCode();
                    latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                }
            }));
            clock.Stop();
            Report($"load ({requests:N0} requests, {concurrency} concurrent)", latencies, requests / clock.Elapsed.TotalSeconds);
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

    private static void Report(string what, IReadOnlyList<double> latencies, double? perSecond)
    {
        var sorted = latencies.Order().ToList();
        double P(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        Console.WriteLine($"{what}: {(perSecond is { } r ? $"{r:N0} req/s, " : "")}p50 {P(0.50):F2} ms, p99 {P(0.99):F2} ms, max {sorted[^1]:F2} ms");
    }

    [GeneratedRegex("urn:suyuan:trace:([0-9]{20})")]
    private static partial Regex TraceCode();
}
