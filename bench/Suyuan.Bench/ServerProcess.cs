using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Npgsql;

namespace Suyuan.Bench;

/// <summary>
/// The capture benchmark against the platform as it is deployed: <c>suyuan serve</c> in its own process, so the server's
/// peak memory (VmHWM) and CPU are its own, not shared with the client and its documents.
/// </summary>
internal static class ServerProcess
{
    /// <param name="Resident">The resident memory at the end of the run by kind, as /proc gives it: "anon X MiB, file Y MiB".</param>
    /// <param name="WrittenBytes">Bytes the server passed to write calls during the run (/proc wchar): the spooled documents, SQLite's log and its checkpoints.</param>
    public sealed record ServerFigures(double PeakRssMiB, double CpuMicroseconds, string Resident, double WrittenBytes);

    /// <param name="warmBodies">Captured first and not timed; <paramref name="warmEvents"/> of them count in bytes per event.</param>
    public static async Task<(CaptureBenchmark.Figures Http, ServerFigures Server)> RunAsync(byte[][] bodies, long total, string? postgresAdmin, byte[][] warmBodies, long warmEvents,
        bool replayViews = false)
    {
        var data = CaptureBenchmark.TempDirectory();
        await using var database = postgresAdmin is null ? null : await CaptureBenchmark.ScratchDatabase.CreateAsync(postgresAdmin);
        string[] store = database is null ? [] : ["--postgres", database.ConnectionString];
        var (server, client) = await StartServerAsync(data, store);
        using var process = server;
        using var http = client;
        try
        {
            if (warmBodies.Length > 0)
            {
                await CaptureBenchmark.PostAllAsync(client, warmBodies);
            }
            var sizeBefore = database is null ? 0 : await database.SizeAsync();

            var serverCpu = server.TotalProcessorTime;
            var written = Io(server.Id, "wchar");
            var clientCpu = CaptureBenchmark.ClientCpu();
            var (_, seconds) = await CaptureBenchmark.PostAllAsync(client, bodies);
            server.Refresh();
            var serverCpuSeconds = (server.TotalProcessorTime - serverCpu).TotalSeconds;
            var clientCpuSeconds = (CaptureBenchmark.ClientCpu() - clientCpu).TotalSeconds;
            var peak = Status(server.Id, "VmHWM");
            written = Io(server.Id, "wchar") - written;
            var resident = $"anon {Status(server.Id, "RssAnon"):N0} MiB, file {Status(server.Id, "RssFile"):N0} MiB";
            await CaptureBenchmark.CatchUpViewsAsync(client);

            // A graceful stop checkpoints SQLite's write-ahead log into the file, so the file's size is the data's.
            Terminate(server);
            double bytes = database is null
                ? CaptureBenchmark.SqliteBytes(Path.Combine(data, Storage.Sqlite.SqliteEventStore.FileName)) + CaptureBenchmark.SqliteBytes(Path.Combine(data, Storage.Sqlite.SqliteEventStore.AuditFileName))
                : await database.SizeAsync() - sizeBefore;
            if (database is null)
            {
                CaptureBenchmark.PrintSqliteSplit(Path.Combine(data, Storage.Sqlite.SqliteEventStore.FileName), total + warmEvents);
            }
            if (replayViews)
            {
                await ReplayViewsAsync(data, store, database?.ConnectionString, total + warmEvents);
            }
            return (new CaptureBenchmark.Figures(seconds, total / seconds, bytes / (total + (database is null ? warmEvents : 0)), clientCpuSeconds * 1e6 / total),
                new ServerFigures(peak, serverCpuSeconds * 1e6 / total, resident, written));
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            CaptureBenchmark.TryDelete(data);
        }
    }

    /// <summary>
    /// The derived views' own cost: every view's cursor set back to the start, then a fresh server, doing nothing else, brings
    /// them up to the last event (a reader of <c>/api/alerts</c> waits for that). The views' tables keep their rows, so this is
    /// the views following the feed again (their statements run, their inserts find the rows there), not a first build.
    /// </summary>
    private static async Task ReplayViewsAsync(string data, string[] store, string? postgres, long events)
    {
        const string Reset = "UPDATE projection_cursors SET position = 0";
        if (postgres is null)
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, Storage.Sqlite.SqliteEventStore.FileName)};Pooling=False");
            await connection.OpenAsync();
            await using var command = new Microsoft.Data.Sqlite.SqliteCommand(Reset, connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Reset, connection);
            await command.ExecuteNonQueryAsync();
            NpgsqlConnection.ClearAllPools();
        }
        var (server, client) = await StartServerAsync(data, store);
        using var process = server;
        using var http = client;
        try
        {
            server.Refresh();
            var cpu = server.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync("api/alerts?limit=1");
            response.EnsureSuccessStatusCode();
            var seconds = clock.Elapsed.TotalSeconds;
            server.Refresh();
            Console.WriteLine($"  views replayed over {events:N0} events on an idle server: {seconds:F1} s, {(server.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / events:N0} µs of server CPU per event");
            Terminate(server);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
    }

    /// <summary>`suyuan serve` on a free port with a new admin key, once it answers: the process and a client signed in to it.</summary>
    private static async Task<(Process Server, HttpClient Client)> StartServerAsync(string data, string[] store)
    {
        var key = (await RunCliAsync(["keys", "issue", "--admin", "--data", data, .. store])).TrimEnd().Split('\n')[^1].Trim();
        var port = FreePort();
        var server = Process.Start(Start(["serve", "--urls", $"http://127.0.0.1:{port}", "--data", data, .. store]))!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        try
        {
            await WaitForHealthAsync(client, server);
            return (server, client);
        }
        catch
        {
            client.Dispose();
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
            server.Dispose();
            throw;
        }
    }

    private static ProcessStartInfo Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "suyuan.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        // As `dotnet run` starts the server (src/Suyuan/Properties/launchSettings.json): the framework's precompiled code is
        // not used, so all of it is compiled once, fully optimised, at first use. DOTNET_ReadyToRun=1 in the benchmark's
        // environment compares the server with it.
        if (Environment.GetEnvironmentVariable("DOTNET_ReadyToRun") is null)
        {
            start.Environment["DOTNET_ReadyToRun"] = "0";
        }
        return start;
    }

    private static async Task<string> RunCliAsync(string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"suyuan {string.Join(' ', args)} exited {process.ExitCode}: {output}{await error}");
        }
        return output;
    }

    private static async Task WaitForHealthAsync(HttpClient client, Process server)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"suyuan serve exited with {server.ExitCode} before it answered");
            }
            try
            {
                using var response = await client.GetAsync("health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (attempt < 600)
            {
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A memory figure of the process in MiB from /proc (Linux): VmHWM is the high-water mark of resident memory.</summary>
    private static double Status(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return double.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        return double.NaN;
    }

    /// <summary>A counter of /proc/{pid}/io (Linux), e.g. wchar: bytes passed to write calls.</summary>
    private static double Io(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/io"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return double.Parse(line[(field.Length + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return double.NaN;
    }

    private static void Terminate(Process server)
    {
        using var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0 || !server.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
