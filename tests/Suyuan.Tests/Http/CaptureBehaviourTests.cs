using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Suyuan.Core.Epcis;

namespace Suyuan.Tests.Http;

/// <summary>Capture limits, error behaviours, idempotency and single-event capture over HTTP, on each store.</summary>
public sealed class CaptureBehaviourTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    private static byte[] Document(int count, string seed, Func<int, string>? eventId = null, Func<int, string>? bizStep = null)
    {
        var events = Enumerable.Range(0, count).Select(i =>
            "{\"type\":\"ObjectEvent\","
            + (eventId is null ? "" : "\"eventID\":\"" + eventId(i) + "\",")
            + "\"eventTime\":\"2026-11-01T08:00:" + (i % 60).ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + ".000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
            + "\"epcList\":[\"urn:epc:id:sgtin:6901234.012345." + seed + i + "\"],\"action\":\"OBSERVE\","
            + "\"bizStep\":\"" + (bizStep?.Invoke(i) ?? "shipping") + "\",\"readPoint\":{\"id\":\"urn:epc:id:sgln:6901234.00001." + seed + "\"}}");
        return Encoding.UTF8.GetBytes(
            "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
            + "\"creationDate\":\"2026-11-01T08:00:00Z\",\"epcisBody\":{\"eventList\":[" + string.Join(',', events) + "]}}");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, byte[] body, string? behaviour = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (behaviour is not null)
        {
            request.Headers.Add("GS1-Capture-Error-Behaviour", behaviour);
        }
        return await client.SendAsync(request);
    }

    private static async Task<int> CountAsync(HttpClient client, string seed) =>
        (await CaptureConformanceTests.QueryAsync(client, "perPage=10000&EQ_readPoint=" + Uri.EscapeDataString("urn:epc:id:sgln:6901234.00001." + seed))).Events.Count;

    /// <summary>The body arrives in two parts; the second waits until the test lets it go.</summary>
    private sealed class HeldContent(byte[] body, TaskCompletionSource halfSent, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = body.Length / 2;
            await stream.WriteAsync(body.AsMemory(0, half));
            await stream.FlushAsync();
            halfSent.TrySetResult();
            await release;
            await stream.WriteAsync(body.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }

    [Fact]
    public async Task StartUpCleanUpRemovesEarlierProcessesUploadsButNotOneArrivingNow()
    {
        await using var server = await PlatformServer.StartAsync();
        var capture = server.Services.GetRequiredService<Suyuan.Features.Capture.CaptureService>();
        var stale = Path.Combine(capture.SpoolDirectory, "incoming-" + Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(capture.SpoolDirectory);
        await File.WriteAllTextAsync(stale, "{\"cut off\":");
        var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var content = new HeldContent(Document(200, "held"), halfSent, release.Task);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var post = server.Client.PostAsync("capture", content);
        await halfSent.Task;
        for (var waited = 0; !Directory.EnumerateFiles(capture.SpoolDirectory, "incoming-*.json").Any(f => f != stale); waited++)
        {
            Assert.True(waited < 1000, "the upload never reached the spool"); // a guard against hangs, not a timing assertion
            await Task.Delay(10);
        }
        // What a start-up does (the worker runs it as the server starts, maybe after uploads began), while this upload is half on disk.
        await capture.RequeueUnfinishedAsync(CancellationToken.None);
        release.SetResult();
        using var response = await post;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(File.Exists(stale), "an upload an earlier process never acknowledged is still in the spool");
        await WaitForJobsAsync(server.Client);
        Assert.Equal(200, await CountAsync(server.Client, "held"));
    }

    [Fact]
    public async Task StartUpResumptionLeavesTheJobsOfTheRunningProcessAlone()
    {
        await using var server = await PlatformServer.StartAsync();
        var capture = server.Services.GetRequiredService<Suyuan.Features.Capture.CaptureService>();
        using var accepted = await PostAsync(server.Client, "capture", Document(10_000, "resume"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        // What a start-up does (the worker runs it as the server starts, maybe after the first jobs were accepted).
        await capture.RequeueUnfinishedAsync(CancellationToken.None);
        await WaitForJobsAsync(server.Client);
        // The worker takes jobs in order: once a later job is done, anything queued again before it has run too.
        using var later = await PostAsync(server.Client, "capture", Document(1, "later"));
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        await WaitForJobsAsync(server.Client);

        using var job = JsonDocument.Parse(await server.Client.GetStringAsync(accepted.Headers.Location!.OriginalString.TrimStart('/')));
        Assert.True(job.RootElement.GetProperty("status").GetString() == "success", job.RootElement.ToString());
        Assert.Equal(10_000, job.RootElement.GetProperty("eventsStored").GetInt32());
        Assert.Equal(10_000, await CountAsync(server.Client, "resume"));
    }

    /// <summary>
    /// Documents are kept checked in memory for the writer only while their bytes fit the budget: a larger one is stored
    /// from its spool file, and every reservation is given back, whether the document was stored or refused.
    /// </summary>
    [Fact]
    public async Task DocumentsBeyondThePreparedByteBudgetAreStoredFromTheSpoolAndTheBudgetIsGivenBack()
    {
        var small = Document(300, "fits");
        var large = Document(1_000, "spooled");
        await using var server = await PlatformServer.StartAsync("sqlite", o => o with { CapturePreparedByteBudget = small.Length + small.Length / 2 });
        Assert.True(large.Length > small.Length * 2);
        var capture = server.Services.GetRequiredService<Suyuan.Features.Capture.CaptureService>();
        var refused = Document(10, "refused", bizStep: i => i == 5 ? "no such step" : "shipping");

        var answers = await Task.WhenAll(
            PostAsync(server.Client, "capture", small), PostAsync(server.Client, "capture", large), PostAsync(server.Client, "capture", refused),
            PostAsync(server.Client, "capture", Document(300, "fits2")));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.BadRequest, HttpStatusCode.Accepted], answers.Select(a => a.StatusCode));
        await WaitForJobsAsync(server.Client);
        Assert.Equal(300, await CountAsync(server.Client, "fits"));
        Assert.Equal(1_000, await CountAsync(server.Client, "spooled"));
        Assert.Equal(300, await CountAsync(server.Client, "fits2"));
        Assert.Equal(0, await CountAsync(server.Client, "refused"));
        Assert.Equal(0, capture.PreparedBytes);
    }

    /// <summary>
    /// A document whose indexed batches fit the byte budget too is indexed at acceptance, so the writer only stores it; a
    /// larger one is kept as checked events and indexed by the writer. Both are stored whole, and the budget is given back.
    /// </summary>
    [Fact]
    public async Task DocumentsAreIndexedAtAcceptanceOnlyWhileTheirBatchesFitTheBudget()
    {
        var small = Document(1_500, "indexed");
        var larger = Document(3_000, "checked");
        var factor = Suyuan.Features.Capture.CaptureService.IndexedBytesFactor + 1;
        var budget = small.Length * factor + small.Length / 2;
        Assert.True(larger.Length <= budget && larger.Length * factor > budget);
        await using var server = await PlatformServer.StartAsync("sqlite", o => o with { CapturePreparedByteBudget = budget });
        var capture = server.Services.GetRequiredService<Suyuan.Features.Capture.CaptureService>();

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(server.Client, "capture", small)).StatusCode);
        await WaitForJobsAsync(server.Client);
        Assert.Equal(1, capture.IndexedDocuments);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(server.Client, "capture", larger)).StatusCode);
        await WaitForJobsAsync(server.Client);

        Assert.Equal(1, capture.IndexedDocuments);
        Assert.Equal(1_500, await CountAsync(server.Client, "indexed"));
        Assert.Equal(3_000, await CountAsync(server.Client, "checked"));
        Assert.Equal(0, capture.PreparedBytes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CaptureLimitIsAdvertisedAndHonouredExactly(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider, o => o with { CaptureEventLimit = 5 });
        var atLimit = await PostAsync(server.Client, "capture", Document(5, "1"));
        Assert.Equal(HttpStatusCode.Accepted, atLimit.StatusCode);
        Assert.Equal("5", atLimit.Headers.GetValues("GS1-EPCIS-Capture-Limit").Single());
        var overLimit = await PostAsync(server.Client, "capture", Document(6, "2"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);
        Assert.Equal("application/problem+json", overLimit.Content.Headers.ContentType?.MediaType);
        await WaitForJobsAsync(server.Client);
        Assert.Equal(5, await CountAsync(server.Client, "1"));
        Assert.Equal(0, await CountAsync(server.Client, "2"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FileSizeLimitIsHonouredExactly(string provider)
    {
        var document = Document(3, "3");
        await using var server = await PlatformServer.StartAsync(provider, o => o with { CaptureFileSizeLimit = document.Length });
        var atLimit = await PostAsync(server.Client, "capture", document);
        Assert.Equal(HttpStatusCode.Accepted, atLimit.StatusCode);
        Assert.Equal(document.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), atLimit.Headers.GetValues("GS1-EPCIS-Capture-File-Size-Limit").Single());
        var overLimit = await PostAsync(server.Client, "capture", [.. document, (byte)' ']);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);

        // Sent in small chunks (no Content-Length): the limit is the document's length, not the chunked framing's.
        Assert.Equal(HttpStatusCode.Accepted, (await PostChunkedAsync(document)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostChunkedAsync([.. document, (byte)' '])).StatusCode);

        async Task<HttpResponseMessage> PostChunkedAsync(byte[] body)
        {
            var content = new StreamContent(new ChunkedStream(body), 64); // 64-byte reads: many chunks, much framing
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "capture") { Content = content };
            request.Headers.TransferEncodingChunked = true;
            return await server.Client.SendAsync(request);
        }
    }

    /// <summary>A body of unknown length (CanSeek false), so the client sends it chunked.</summary>
    private sealed class ChunkedStream(byte[] body) : MemoryStream(body)
    {
        public override bool CanSeek => false;
    }

    private static byte[] Gzip(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal))
        {
            gzip.Write(body);
        }
        return buffer.ToArray();
    }

    private static async Task<HttpResponseMessage> PostEncodedAsync(HttpClient client, byte[] body, string encoding)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);
        return await client.PostAsync("capture", content);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ACompressedDocumentIsCapturedAndTheSizeLimitAppliesToWhatItDecompressesTo(string provider)
    {
        var document = Document(50, "c");
        await using var server = await PlatformServer.StartAsync(provider, o => o with { CaptureFileSizeLimit = document.Length });
        var compressed = Gzip(document);
        Assert.True(compressed.Length < document.Length / 4);
        using var accepted = await PostEncodedAsync(server.Client, compressed, "gzip");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.True((await WaitForJobAsync(server.Client, accepted.Headers.Location!.ToString())).GetProperty("success").GetBoolean());
        Assert.Equal(50, await CountAsync(server.Client, "c"));

        // One byte over the limit once decompressed, though far under it as sent.
        using var over = await PostEncodedAsync(server.Client, Gzip([.. Document(50, "d"), (byte)' ', (byte)' ']), "gzip");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(0, await CountAsync(server.Client, "d"));

        using var unknown = await PostEncodedAsync(server.Client, compressed, "zstd");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unknown.StatusCode);
        using (var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()))
        {
            Assert.Equal("/headers/Content-Encoding", problem.RootElement.GetProperty("pointer").GetString());
        }
    }

    /// <summary>A body that does not decode as its Content-Encoding says is the client's fault, on every endpoint that reads one.</summary>
    [Fact]
    public async Task ABodyThatDoesNotDecodeAsItsContentEncodingSaysIsABadRequestNamingTheHeader()
    {
        await using var server = await PlatformServer.StartAsync();
        var document = Document(2, "u");
        var gzip = Gzip(document);
        foreach (var (path, body, encoding) in new[]
        {
            ("capture", document, "gzip"), ("capture", document, "deflate"), ("capture", document, "br"),
            ("capture", gzip[..(gzip.Length / 2)], "deflate"), ("capture", gzip[..(gzip.Length / 2)], "br"),
            ("events", document, "gzip"), ("queries", "{\"name\":\"q\",\"query\":{}}"u8.ToArray(), "br"),
        })
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Headers.ContentEncoding.Add(encoding);
            using var response = await server.Client.PostAsync(path, content);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} {encoding}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("/headers/Content-Encoding", problem.RootElement.GetProperty("pointer").GetString());
            Assert.Contains(encoding, problem.RootElement.GetProperty("detail").GetString());
        }
        Assert.Equal(0, await CountAsync(server.Client, "u"));

        // A gzip body cut short decodes quietly to JSON that ends early: the refusal says the body may have been cut.
        foreach (var path in new[] { "capture", "events" })
        {
            var cut = new ByteArrayContent(gzip[..(gzip.Length / 2)]);
            cut.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            cut.Headers.ContentEncoding.Add("gzip");
            using var response = await server.Client.PostAsync(path, cut);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
            Assert.Contains("Content-Encoding: gzip", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        }
        Assert.Equal(0, await CountAsync(server.Client, "u"));
    }

    [Fact]
    public async Task QueryResultsAreCompressedForAClientThatAcceptsIt()
    {
        await using var server = await PlatformServer.StartAsync();
        using var accepted = await PostAsync(server.Client, "capture", Document(200, "z"));
        await WaitForJobAsync(server.Client, accepted.Headers.Location!.ToString());
        var request = new HttpRequestMessage(HttpMethod.Get, "events?perPage=1000");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var body = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var doc = await JsonDocument.ParseAsync(body);
        Assert.Equal(200, doc.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RollbackStoresNothingWhenOneEventIsInvalidAndProceedStoresTheRest(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var rollback = await PostAsync(server.Client, "capture", Document(4, "4", bizStep: i => i == 2 ? "not_a_cbv_step" : "shipping"));
        Assert.Equal(HttpStatusCode.BadRequest, rollback.StatusCode);
        using (var problem = JsonDocument.Parse(await rollback.Content.ReadAsStringAsync()))
        {
            Assert.Equal("/epcisBody/eventList/2/bizStep", problem.RootElement.GetProperty("pointer").GetString());
        }
        Assert.Equal(0, await CountAsync(server.Client, "4"));

        var proceed = await PostAsync(server.Client, "capture", Document(4, "5", i => $"urn:uuid:00000000-0000-4000-8000-00000000005{i}", i => i == 2 ? "not_a_cbv_step" : "shipping"), "proceed");
        Assert.Equal(HttpStatusCode.Accepted, proceed.StatusCode);
        var job = await WaitForJobAsync(server.Client, proceed.Headers.Location!.ToString());
        // The binding: success is false once an event was refused, even when the job proceeded and stored the others.
        Assert.False(job.GetProperty("success").GetBoolean());
        Assert.False(job.GetProperty("running").GetBoolean());
        Assert.Equal("proceed", job.GetProperty("captureErrorBehaviour").GetString());
        Assert.Equal("partial", job.GetProperty("status").GetString());
        Assert.Equal(3, job.GetProperty("eventsStored").GetInt32());
        Assert.Equal(4, job.GetProperty("eventsTotal").GetInt32());
        var error = Assert.Single(job.GetProperty("errors").EnumerateArray());
        Assert.Equal("/epcisBody/eventList/2/bizStep", error.GetProperty("pointer").GetString());
        Assert.Equal("urn:uuid:00000000-0000-4000-8000-000000000052", error.GetProperty("eventID").GetString());
        Assert.Equal("epcisException:ValidationException", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("title").GetString()));
        Assert.Equal(3, await CountAsync(server.Client, "5"));
    }

    /// <summary>An event whose own @context cannot be read is that event's fault: proceed stores the others, rollback none.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnEventsUnreadableOwnContextRefusesThatEventOnly(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        byte[] WithBadContext(string seed) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Document(3, seed))
            .Replace("{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-01T08:00:01", "{\"@context\":[null],\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-01T08:00:01", StringComparison.Ordinal));
        Assert.Contains("[null]", Encoding.UTF8.GetString(WithBadContext("61")));

        var rollback = await PostAsync(server.Client, "capture", WithBadContext("61"));
        using (var problem = JsonDocument.Parse(await rollback.Content.ReadAsStringAsync()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, rollback.StatusCode);
            Assert.Equal("/epcisBody/eventList/1/@context/0", problem.RootElement.GetProperty("pointer").GetString());
        }
        Assert.Equal(0, await CountAsync(server.Client, "61"));

        var proceed = await PostAsync(server.Client, "capture", WithBadContext("62"), "proceed");
        Assert.Equal(HttpStatusCode.Accepted, proceed.StatusCode);
        var job = await WaitForJobAsync(server.Client, proceed.Headers.Location!.ToString());
        Assert.Equal("partial", job.GetProperty("status").GetString());
        Assert.Equal("/epcisBody/eventList/1/@context/0", Assert.Single(job.GetProperty("errors").EnumerateArray()).GetProperty("pointer").GetString());
        Assert.Equal(2, await CountAsync(server.Client, "62"));
    }

    /// <summary>
    /// The worker stores a document in batches of 1,000 events in one transaction: a refusal in a later batch names its own
    /// event (found against an earlier batch of the same job) and undoes (rollback) or spares (proceed) the batches before it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AConflictInALaterBatchOfALargeDocumentNamesItsEventAndRollbackUndoesTheEarlierBatches(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        // Event 2,400 reuses the eventID of event 5 (another EPC, so other content): the store finds it two batches later.
        Func<int, string> ids(string seed) => i => $"urn:uuid:00000000-0000-4000-{seed}-{(i == 2_400 ? 5 : i):D12}";

        var rollback = await CaptureConformanceTests.CaptureAsync(server.Client, Document(2_500, "91", ids("8091")));
        Assert.Equal("failed", rollback.GetProperty("status").GetString());
        var error = Assert.Single(rollback.GetProperty("errors").EnumerateArray());
        Assert.Equal("/epcisBody/eventList/2400", error.GetProperty("pointer").GetString());
        Assert.Equal(0, await CountAsync(server.Client, "91"));

        var proceed = await PostAsync(server.Client, "capture", Document(2_500, "92", ids("8092")), "proceed");
        var job = await WaitForJobAsync(server.Client, proceed.Headers.Location!.ToString());
        Assert.Equal("partial", job.GetProperty("status").GetString());
        Assert.Equal(2_499, job.GetProperty("eventsStored").GetInt32());
        Assert.Equal("/epcisBody/eventList/2400", Assert.Single(job.GetProperty("errors").EnumerateArray()).GetProperty("pointer").GetString());
        Assert.Equal(2_499, await CountAsync(server.Client, "92"));
    }

    /// <summary>
    /// A value over the 2,048 bytes both stores keep in their dictionary (here a private bizStep) is refused alike on both:
    /// a 400 for one event, the event named in a job (the others stored when the job proceeds), never a 500.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnOverlongValueIsRefusedAloneOnEitherStore(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var random = new Random(3);
        var step = "https://example.com/steps/" + new string(Enumerable.Range(0, 2_100).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var proceed = await PostAsync(server.Client, "capture", Document(4, "77", bizStep: i => i == 2 ? step : "shipping"), "proceed");
        var job = await WaitForJobAsync(server.Client, proceed.Headers.Location!.ToString());
        Assert.Equal("partial", job.GetProperty("status").GetString());
        Assert.Equal(3, job.GetProperty("eventsStored").GetInt32());
        var error = Assert.Single(job.GetProperty("errors").EnumerateArray());
        Assert.Equal("/epcisBody/eventList/2/bizStep", error.GetProperty("pointer").GetString());
        Assert.Contains("2,048 bytes", error.GetProperty("detail").GetString());
        Assert.Equal(3, await CountAsync(server.Client, "77"));

        var rollback = await CaptureConformanceTests.CaptureAsync(server.Client, Document(4, "78", bizStep: i => i == 2 ? step : "shipping"));
        Assert.Equal("failed", rollback.GetProperty("status").GetString());
        Assert.Equal(0, await CountAsync(server.Client, "78"));

        var single = Encoding.UTF8.GetString(Document(1, "79", bizStep: _ => step));
        single = single[(single.IndexOf("[{", StringComparison.Ordinal) + 1)..single.LastIndexOf("}]", StringComparison.Ordinal)] + "}";
        var refused = await PostAsync(server.Client, "events", Encoding.UTF8.GetBytes(single));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("2,048 bytes", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal("/bizStep", problem.RootElement.GetProperty("pointer").GetString());
        Assert.Equal(0, await CountAsync(server.Client, "79"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheSameDocumentSentTwiceIsStoredOnce(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var document = Document(10, "6");
        var first = await CaptureConformanceTests.CaptureAsync(server.Client, document);
        var second = await CaptureConformanceTests.CaptureAsync(server.Client, document);
        Assert.Equal(10, first.GetProperty("eventsStored").GetInt32());
        Assert.True(second.GetProperty("success").GetBoolean());
        Assert.Equal(0, second.GetProperty("eventsStored").GetInt32());
        Assert.Equal(10, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(10, await CountAsync(server.Client, "6"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ADocumentWithAnEmptyEventListIsACaptureOfNothing(string provider)
    {
        // The EPCIS 2.0 schema sets no minimum on eventList (a document may carry only master data).
        await using var server = await PlatformServer.StartAsync(provider);
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, Document(0, "60"));
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        Assert.Equal(0, job.GetProperty("eventsStored").GetInt32());
        Assert.Equal(0, job.GetProperty("eventsTotal").GetInt32());
        Assert.Empty(job.GetProperty("errors").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ADifferentEventUnderAnExistingEventIdIsRefused(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var ids = (Func<int, string>)(i => $"urn:uuid:00000000-0000-4000-8000-{i:D12}");
        await CaptureConformanceTests.CaptureAsync(server.Client, Document(2, "7", ids));
        var job = await CaptureConformanceTests.CaptureAsync(server.Client, Document(2, "8", ids));
        Assert.False(job.GetProperty("success").GetBoolean());
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal("rollback", job.GetProperty("captureErrorBehaviour").GetString());
        // A failed job still says how many events its document held, and that none was stored.
        Assert.Equal(2, job.GetProperty("eventsTotal").GetInt32());
        Assert.Equal(0, job.GetProperty("eventsStored").GetInt32());
        Assert.NotEmpty(job.GetProperty("errors").EnumerateArray());
        Assert.All(job.GetProperty("errors").EnumerateArray(), e => Assert.Equal("epcisException:ResourceAlreadyExistsException", e.GetProperty("type").GetString()));
        Assert.Equal(2, await CountAsync(server.Client, "7"));
        Assert.Equal(0, await CountAsync(server.Client, "8"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CaptureJobsAreListedNewestFirstPageByPage(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var accepted = await PostAsync(server.Client, "capture", Document(1, "6" + i));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            ids.Insert(0, accepted.Headers.Location!.ToString().Split('/')[^1]);
        }
        await WaitForJobsAsync(server.Client);
        var listed = new List<string>();
        var pages = 0;
        for (string? next = "capture?perPage=2"; next is not null; pages++)
        {
            var response = await server.Client.GetAsync(next);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var jobs = JsonDocument.Parse(body).RootElement;
            Assert.True(jobs.GetArrayLength() <= 2);
            listed.AddRange(jobs.EnumerateArray().Select(j => j.GetProperty("captureID").GetString()!));
            // A finished job has its finishedAt; nothing is written as null.
            Assert.All(jobs.EnumerateArray(), j => Assert.Equal(JsonValueKind.String, j.GetProperty("finishedAt").ValueKind));
            Assert.DoesNotContain("null", body, StringComparison.Ordinal);
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('<', '>')[1].TrimStart('/') : null;
        }
        Assert.Equal(ids, listed);
        Assert.Equal(2, pages);
        Assert.Equal("/query/perPage", (await ProblemOf(await server.Client.GetAsync("capture?perPage=0"))).GetProperty("pointer").GetString());
        Assert.Equal("/query/nextPageToken", (await ProblemOf(await server.Client.GetAsync("capture?nextPageToken=garbage"))).GetProperty("pointer").GetString());
        Assert.Equal("/query/foo", (await ProblemOf(await server.Client.GetAsync("capture?foo=bar"))).GetProperty("pointer").GetString());

        static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PostEventsCapturesOneEventWith201AndRefusesADocument(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var single = """{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"ObjectEvent","eventTime":"2026-11-01T08:00:00.000+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.900"],"action":"OBSERVE","bizStep":"receiving","readPoint":{"id":"urn:epc:id:sgln:6901234.00001.9"}}""";
        var created = await PostAsync(server.Client, "events", Encoding.UTF8.GetBytes(single));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        Assert.StartsWith("/events/ni%3A%2F%2F%2Fsha-256", location, StringComparison.Ordinal);
        var fetched = await server.Client.GetAsync(location.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(1, await CountAsync(server.Client, "9"));
        Assert.Equal("false", Assert.Single(created.Headers.GetValues("Suyuan-Duplicate")));

        // The body is the EPCISEvent as stored (the binding's 201): valid against the schema in a document, the same as a query gives it.
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var queried = Assert.Single(QueryInterface.EventList(JsonDocument.Parse(await fetched.Content.ReadAsStringAsync()).RootElement));
        Assert.Equal(location, "/events/" + Uri.EscapeDataString(body.GetProperty("eventID").GetString()!));
        var members = string.Join(",", body.EnumerateObject().Where(p => p.Name != "@context").Select(p => JsonSerializer.Serialize(p.Name) + ":" + p.Value.GetRawText()));
        Assert.Equal(string.Join(",", queried.EnumerateObject().Where(p => p.Name != "@context").Select(p => JsonSerializer.Serialize(p.Name) + ":" + p.Value.GetRawText())), members);
        Assert.Equal("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", body.GetProperty("@context")[0].GetString());
        var wrapped = $$$"""{"@context":{{{body.GetProperty("@context").GetRawText()}}},"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-01T00:00:00Z","epcisBody":{"eventList":[{{{"{" + members + "}"}}}]}}""";
        using (var document1 = JsonDocument.Parse(wrapped))
        {
            Assert.Empty(EpcisValidator.ValidateWithSchema(document1.RootElement));
        }

        var again = await PostAsync(server.Client, "events", Encoding.UTF8.GetBytes(single));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(1, await CountAsync(server.Client, "9"));
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Suyuan-Duplicate")));
        Assert.Equal(body.ToString(), JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.ToString());

        var document = await PostAsync(server.Client, "events", Document(1, "10"));
        Assert.Equal(HttpStatusCode.BadRequest, document.StatusCode);
        var garbage = await PostAsync(server.Client, "events", Encoding.UTF8.GetBytes("{\"type\": \"ObjectEvent\", "));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BadRequestsGetProblemDetailsNamingTheField(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var cases = new (HttpResponseMessage Response, string Pointer)[]
        {
            (await PostAsync(server.Client, "capture", Encoding.UTF8.GetBytes("not json")), ""),
            (await PostAsync(server.Client, "capture", Document(1, "11"), "sometimes"), "/headers/GS1-Capture-Error-Behaviour"),
            (await server.Client.GetAsync("events?EQ_bizStepp=shipping"), "/query/EQ_bizStepp"),
            (await server.Client.GetAsync("events?GE_eventTime=yesterday"), "/query/GE_eventTime"),
            (await server.Client.GetAsync("events?nextPageToken=bogus"), "/query/nextPageToken"),
            (await server.Client.GetAsync("capture/no-such-job"), "/captureID"),
        };
        foreach (var (response, pointer) in cases)
        {
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(pointer, problem.RootElement.GetProperty("pointer").GetString());
        }
    }

    private static async Task WaitForJobsAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var jobs = JsonDocument.Parse(await client.GetStringAsync("capture")).RootElement;
            if (jobs.EnumerateArray().All(j => !j.GetProperty("running").GetBoolean()))
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("capture jobs did not finish");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ACaptureWhoseAuditRowCannotBeWrittenIsNotStartedAndSaysSo(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        Task AuditFailsAsync(bool fails) => MakeAuditFailAsync(server, fails);

        await AuditFailsAsync(true);
        using (var refused = await PostAsync(server.Client, "capture", Document(20, "9")))
        {
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync());
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Null(refused.Headers.Location);
        }
        await AuditFailsAsync(false);
        await Task.Delay(300);
        Assert.Equal(0, await CountAsync(server.Client, "9"));
        var job = Assert.Single(JsonDocument.Parse(await server.Client.GetStringAsync("capture")).RootElement.EnumerateArray());
        Assert.False(job.GetProperty("running").GetBoolean());
        Assert.False(job.GetProperty("success").GetBoolean());
        Assert.Equal("epcisException:ImplementationException", Assert.Single(job.GetProperty("errors").EnumerateArray()).GetProperty("type").GetString());

        // Once the audit log can be written again, the same document is captured.
        using var accepted = await PostAsync(server.Client, "capture", Document(20, "9"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.True((await WaitForJobAsync(server.Client, accepted.Headers.Location!.ToString())).GetProperty("success").GetBoolean());
        Assert.Equal(20, await CountAsync(server.Client, "9"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task AnEventWhoseAuditRowCannotBeWrittenIsNotStoredAndAConflictIsAuditedAsSuch(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        static byte[] Event(string epc) => Encoding.UTF8.GetBytes(
            "{\"type\":\"ObjectEvent\",\"eventID\":\"urn:uuid:6d4f2c1e-0b7a-4c55-9f1e-3a2b1c0d9e8f\",\"eventTime\":\"2026-11-01T08:00:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
            + "\"epcList\":[\"urn:epc:id:sgtin:6901234.012345." + epc + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\",\"readPoint\":{\"id\":\"urn:epc:id:sgln:6901234.00001.7\"}}");

        await MakeAuditFailAsync(server, true);
        using (var refused = await PostAsync(server.Client, "events", Event("70")))
        {
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync());
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        await MakeAuditFailAsync(server, false);
        Assert.Equal(0, await CountAsync(server.Client, "7"));

        using (var stored = await PostAsync(server.Client, "events", Event("70")))
        {
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }
        using (var conflict = await PostAsync(server.Client, "events", Event("71")))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }
        Assert.Equal(1, await CountAsync(server.Client, "7"));
        // The row written before the store's answer says 201; the conflict it then found adds a row that says 409.
        using var audit = JsonDocument.Parse(await server.Client.GetStringAsync("api/audit?action=events.capture&limit=100"));
        var outcomes = audit.RootElement.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()).Reverse().ToList();
        Assert.Equal(["201", "201", "409"], outcomes);
    }

    /// <summary>Makes the audit log refuse every row (a trigger), or lets it write again.</summary>
    private static async Task MakeAuditFailAsync(PlatformServer server, bool fails)
    {
        var store = server.Services.GetRequiredService<Suyuan.Storage.IEventStore>();
        var postgres = server.Services.GetRequiredService<Suyuan.Hosting.ServeOptions>().PostgresConnectionString;
        if (store is Suyuan.Storage.Sqlite.SqliteEventStore sqlite)
        {
            await using var audit = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + sqlite.AuditDatabasePath);
            await audit.OpenAsync();
            await using var command = audit.CreateCommand();
            command.CommandText = fails
                ? "CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
                : "DROP TRIGGER audit_fails";
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var audit = new Npgsql.NpgsqlConnection(postgres);
            await audit.OpenAsync();
            await using var command = audit.CreateCommand();
            command.CommandText = fails
                ? "CREATE FUNCTION audit_fails() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the disk is full'; END $$ LANGUAGE plpgsql; CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_fails()"
                : "DROP TRIGGER audit_fails ON audit_log; DROP FUNCTION audit_fails()";
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<JsonElement> WaitForJobAsync(HttpClient client, string location)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var job = JsonDocument.Parse(await client.GetStringAsync(location.TrimStart('/'))).RootElement;
            if (!job.GetProperty("running").GetBoolean())
            {
                return job;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the capture job did not finish");
    }
}
