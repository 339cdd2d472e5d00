using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Suyuan.Features.Capture;
using Suyuan.Features.Demo;
using Suyuan.Hosting;
using Suyuan.Hosting.Projections;

namespace Suyuan.Features.Cli;

/// <summary><c>suyuan demo --events N</c>: generates N demo-city events and captures them through the capture path into a store.</summary>
internal static class DemoCommand
{
    public const long MaxEvents = 10_000_000;

    public static Command Create()
    {
        var events = new Option<long>("--events") { Description = "How many events to generate (10,000 to 10,000,000 is typical)", Required = true };
        var data = new Option<string>("--data") { Description = "Data folder (embedded SQLite database, capture spool)", DefaultValueFactory = _ => "data" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: $SUYUAN_POSTGRES); when set, PostgreSQL is the store" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: the same seed gives the same events", DefaultValueFactory = _ => DemoPlan.DefaultSeed };
        var baseDate = new Option<string?>("--base-date") { Description = $"Events fall in the days before this date, yyyy-MM-dd (default {DemoPlan.DefaultBaseDate:yyyy-MM-dd})" };
        var command = new Command("demo", "Generate demo-city events (pork, fruit, dairy, oil, liquor, wine, drugs, herbs, pesticides, elevators, gas cylinders, a hazardous chemical) and capture them")
        {
            events, data, postgres, seed, baseDate,
        };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var count = parse.GetValue(events);
            if (count is < 1 or > MaxEvents)
            {
                throw new UsageException($"--events must be between 1 and {MaxEvents:N0}");
            }
            DateOnly? date = null;
            if (parse.GetValue(baseDate) is { } text)
            {
                date = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d : throw new UsageException($"--base-date must be yyyy-MM-dd, not '{text}'");
            }
            var options = new ServeOptions
            {
                DataDirectory = parse.GetValue(data)!,
                PostgresConnectionString = parse.GetValue(postgres) ?? (Environment.GetEnvironmentVariable("SUYUAN_POSTGRES") is { Length: > 0 } s ? s : null),
            };
            var result = await RunAsync(options, DemoPlan.ForEvents(count, parse.GetValue(seed), date), Console.Out, DemoProgressBar.ForConsole(), ct);
            return result.Failures.Count > 0 || result.Cancelled ? CliRun.Failed : CliRun.Ok;
        }));
        return command;
    }

    /// <summary>Opens the store, runs the capture worker as <c>serve</c> does, captures the plan and drains the worker.</summary>
    internal static async Task<DemoResult> RunAsync(ServeOptions options, DemoPlan plan, TextWriter output, DemoProgressBar bar, CancellationToken ct)
    {
        output.WriteLine($"Generating {plan.EventLimit:N0} events: {plan.Days} days before {plan.BaseDate:yyyy-MM-dd}, {plan.Scale} lot(s) per chain per day, " +
            $"retail and equipment ×{plan.StoreFactor}; seed {plan.Seed}; into {(options.PostgresConnectionString is null ? Path.GetFullPath(options.DataDirectory) : "PostgreSQL")}");
        await using var store = SuyuanApp.OpenStore(options);
        // Derived views (alerts, equipment state) follow the feed when the server next starts.
        var views = new ProjectionRunner(store, [], [], NullLogger<ProjectionRunner>.Instance);
        var capture = new CaptureService(store, options, views, NullLogger<CaptureService>.Instance);
        using var worker = new CaptureWorker(capture, store, views, NullLogger<CaptureWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        DemoResult result;
        try
        {
            result = await new DemoCapture(capture, store, options).RunAsync(plan, options.CaptureEventLimit, null, bar, ct);
        }
        finally
        {
            bar.Finish();
            await worker.StopAsync(CancellationToken.None);
        }
        foreach (var failure in result.Failures)
        {
            output.WriteLine("error: " + failure);
        }
        var rate = result.Elapsed.TotalSeconds > 0 ? (result.Stored + result.Duplicates) / result.Elapsed.TotalSeconds : 0;
        output.WriteLine($"{(result.Cancelled ? "Stopped" : "Done")}: {result.Stored:N0} events stored, {result.Duplicates:N0} already present, {result.Documents:N0} documents, " +
            $"{result.Elapsed.TotalSeconds:N1} s, {rate:N0} events/s");
        return result;
    }
}
