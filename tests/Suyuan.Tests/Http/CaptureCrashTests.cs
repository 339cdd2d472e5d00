using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Suyuan.Tests.Http;

/// <summary>
/// The real <c>suyuan serve</c> process is killed (SIGKILL) while a large capture job runs, then restarted on the same data:
/// the job's events are all stored or none, an acknowledged job is finished from its spool, and earlier jobs are intact.
/// </summary>
public sealed class CaptureCrashTests
{
    private const int EarlierDocuments = 3;
    private const int EarlierEvents = 200;
    private const int LargeEvents = 10_000;
    private const int BlockerSeed = 98;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        string[] providers = TestDatabases.PostgresConnectionString is null ? ["sqlite"] : ["sqlite", "postgres"];
        foreach (var provider in providers)
        {
            data.Add(provider, "when-running");
            data.Add(provider, "random-delay");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task KilledCaptureStoresAllOrNoneAndKeepsAcknowledgedJobs(string provider, string killMoment)
    {
        var data = Path.Combine(Path.GetTempPath(), "suyuan-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        string? postgres = null;
        Func<Task>? drop = null;
        if (provider == "postgres")
        {
            (postgres, drop) = await TestDatabases.CreatePostgresAsync();
        }
        try
        {
            var earlier = new List<(string JobId, int Seed)>();
            var aheadJobs = new List<(string JobId, int Seed)>();
            await using (var first = await ServerProcess.StartAsync(data, postgres))
            {
                for (var seed = 1; seed <= EarlierDocuments; seed++)
                {
                    var jobId = await first.CaptureAsync(CrashDocuments.Create(seed, EarlierEvents));
                    var job = await first.WaitForJobAsync(jobId);
                    Assert.Equal("success", job.GetProperty("status").GetString());
                    earlier.Add((jobId, seed));
                }

                const int largeSeed = 99;
                string? largeJob = null;
                var note = "";
                Task<string> post;
                if (killMoment == "when-running")
                {
                    // Three large documents sent together; the worker stores one job at a time. A document's job row waits for
                    // the job being stored to commit, so the document acknowledged last is the one left to run when the 202s
                    // are in. A 10,000-event job indexed at acceptance can be stored before its 202 reaches the client (a
                    // quarter of a second), so the last one, which takes longest to check, is made larger than the budget of
                    // events held checked for the writer: the worker reads it again from its spool, and takes seconds.
                    // The kill falls while that one runs.
                    var ahead = new[] { BlockerSeed - 1, BlockerSeed }.Select(seed => (Seed: seed, Job: first.CaptureAsync(CrashDocuments.Create(seed, LargeEvents)))).ToList();
                    post = first.CaptureAsync(CrashDocuments.Create(largeSeed, LargeEvents, noteLength: 2_600));
                    foreach (var (seed, job) in ahead)
                    {
                        aheadJobs.Add((await job, seed));
                    }
                    largeJob = await post;
                    var running = false;
                    foreach (var id in aheadJobs.Select(a => a.JobId).Append(largeJob))
                    {
                        running |= (await first.GetJobAsync(id)).GetProperty("status").GetString() == "running";
                    }
                    Assert.True(running, "every large job was stored before any was seen running");
                }
                else
                {
                    post = first.CaptureAsync(CrashDocuments.Create(largeSeed, LargeEvents));
                    var delay = Random.Shared.Next(0, 1500);
                    note = $" (killed {delay} ms after the POST began)";
                    await Task.WhenAny(post, Task.Delay(delay));
                }
                first.Kill();
                if (largeJob is null && post.IsCompletedSuccessfully)
                {
                    largeJob = await post;
                }

                await using var second = await ServerProcess.StartAsync(data, postgres);
                await second.WaitForNoRunningJobsAsync();
                var stored = await second.CountEventsAsync(largeSeed);
                if (largeJob is not null)
                {
                    // Acknowledged with 202: the document was on disk, so the restarted server must finish it.
                    var job = await second.WaitForJobAsync(largeJob);
                    Assert.True(job.GetProperty("status").GetString() == "success", $"job {largeJob}: {job}{note}\n{second.Output}");
                    Assert.Equal(LargeEvents, stored);
                }
                else
                {
                    Assert.True(stored is 0 or LargeEvents, $"{stored} of {LargeEvents} events of an unacknowledged capture are stored{note}");
                }
                foreach (var (jobId, seed) in aheadJobs)
                {
                    var job = await second.WaitForJobAsync(jobId);
                    Assert.True(job.GetProperty("status").GetString() == "success", $"job {jobId}: {job}\n{second.Output}");
                    Assert.Equal(LargeEvents, await second.CountEventsAsync(seed));
                }
                foreach (var (jobId, seed) in earlier)
                {
                    var job = await second.WaitForJobAsync(jobId);
                    Assert.Equal("success", job.GetProperty("status").GetString());
                    Assert.Equal(EarlierEvents, job.GetProperty("eventsStored").GetInt32());
                    Assert.Equal(EarlierEvents, await second.CountEventsAsync(seed));
                }
                if (largeJob is not null)
                {
                    Assert.False(File.Exists(Path.Combine(data, "spool", largeJob + ".json")), "the finished job's spool file is still there");
                }
            }
        }
        finally
        {
            if (drop is not null)
            {
                await drop();
            }
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS temp cleaner.
            }
        }
    }

    /// <summary>One <c>suyuan serve</c> child process on a free loopback port.</summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5); // a guard against hangs, not a performance assertion
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly HttpClient _client;

        private ServerProcess(Process process, Uri baseAddress)
        {
            _process = process;
            _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
            _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>An admin key issued by <c>suyuan keys issue --admin</c> on the same data (its last output line).</summary>
        private static async Task<string> AdminKeyAsync(string data, string? postgres)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "suyuan.dll"), "keys", "issue", "--admin", "--data", data, .. postgres is null ? [] : (string[])["--postgres", postgres]])
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"suyuan keys issue --admin exited {process.ExitCode}: {output}{await error}");
            return output.TrimEnd().Split('\n')[^1].Trim();
        }

        public static async Task<ServerProcess> StartAsync(string data, string? postgres)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "suyuan.dll"));
            foreach (var a in (string[])["serve", "--urls", $"http://127.0.0.1:{port}", "--data", data])
            {
                start.ArgumentList.Add(a);
            }
            if (postgres is not null)
            {
                start.ArgumentList.Add("--postgres");
                start.ArgumentList.Add(postgres);
            }
            var server = new ServerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
            server._client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await AdminKeyAsync(data, postgres));
            server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            await server.WaitForHealthAsync();
            return server;
        }

        public async Task<string> CaptureAsync(byte[] document)
        {
            using var content = new ByteArrayContent(document);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _client.PostAsync("capture", content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /capture: {(int)response.StatusCode} {body}");
            return response.Headers.Location!.OriginalString.Split('/').Last();
        }

        public async Task<JsonElement> GetJobAsync(string jobId)
        {
            using var response = await _client.GetAsync("capture/" + Uri.EscapeDataString(jobId));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET /capture/{jobId}: {(int)response.StatusCode} {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }

        public async Task<JsonElement> WaitForJobAsync(string jobId)
        {
            JsonElement job = default;
            await PollAsync(async () => (job = await GetJobAsync(jobId)).GetProperty("status").GetString() != "running", $"job {jobId} to finish");
            return job;
        }

        public Task WaitForNoRunningJobsAsync() => PollAsync(async () =>
        {
            using var jobs = JsonDocument.Parse(await _client.GetStringAsync("capture?perPage=1000"));
            return jobs.RootElement.EnumerateArray().All(j => j.GetProperty("status").GetString() != "running");
        }, "every capture job to finish");

        /// <summary>Events of one generated document, found by its own read point, following every page.</summary>
        public async Task<int> CountEventsAsync(int seed)
        {
            var count = 0;
            var url = $"events?perPage=10000&EQ_readPoint={Uri.EscapeDataString(CrashDocuments.ReadPoint(seed))}";
            for (string? next = url; next is not null;)
            {
                using var response = await _client.GetAsync(next);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"GET {next}: {(int)response.StatusCode} {body}");
                using var doc = JsonDocument.Parse(body);
                count += doc.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").GetArrayLength();
                next = response.Headers.TryGetValues("GS1-Next-Page-Token", out var token)
                    ? url + "&nextPageToken=" + Uri.EscapeDataString(token.First())
                    : null;
            }
            return count;
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromMinutes(1));
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        private async Task WaitForHealthAsync()
        {
            await PollAsync(async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"suyuan serve exited with {_process.ExitCode}:\n{Output}");
                }
                try
                {
                    using var response = await _client.GetAsync("health");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "/health");
        }

        private async Task PollAsync(Func<Task<bool>> done, string what)
        {
            var deadline = Stopwatch.StartNew();
            while (!await done())
            {
                if (deadline.Elapsed > Patience)
                {
                    throw new TimeoutException($"gave up waiting for {what}:\n{Output}");
                }
                await Task.Delay(20);
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}

/// <summary>Capture documents whose events are all recognisable by the document: a read point and eventIDs of their own.</summary>
internal static class CrashDocuments
{
    public static string ReadPoint(int seed) => $"urn:epc:id:sgln:6901234.00001.{seed}";

    /// <param name="noteLength">Characters of an extension field each event carries (0: none), to make a document larger.</param>
    public static byte[] Create(int seed, int count, int noteLength = 0)
    {
        var sb = new StringBuilder(count * (400 + noteLength));
        var prefix = noteLength > 0 ? """,{"sy":"https://suyuan.example.cn/epcis/"}""" : "";
        sb.Append("""{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld""").Append('"').Append(prefix)
            .Append("""],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-01T08:00:00.000+08:00","epcisBody":{"eventList":[""");
        var note = noteLength > 0 ? $",\"sy:note\":\"{new string('n', noteLength)}\"" : "";
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(8));
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            var serial = (long)seed * 1_000_000 + i;
            var time = start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
            var eventId = $"urn:uuid:{seed:x8}-0000-4000-8000-{i:x12}";
            sb.Append(CultureInfo.InvariantCulture, $$$"""{"type":"ObjectEvent","eventID":"{{{eventId}}}","eventTime":"{{{time}}}","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.{{{serial}}}"],"action":"ADD","bizStep":"commissioning","disposition":"active","readPoint":{"id":"{{{ReadPoint(seed)}}}"},"bizLocation":{"id":"urn:epc:id:sgln:6901234.00001.0"}{{{note}}}}""");
        }
        sb.Append("]}}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
