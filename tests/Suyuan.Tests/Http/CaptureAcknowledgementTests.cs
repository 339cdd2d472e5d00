using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Suyuan.Hosting;
using Suyuan.Storage;
using Suyuan.Storage.Accounts;

namespace Suyuan.Tests.Http;

/// <summary>
/// A capture's 202 does not wait for its own job: the request's audit row is written before the worker may start, and the
/// acknowledgement comes back while the job holds the store's write lock (on SQLite, the one lock every writer waits for).
/// </summary>
public sealed class CaptureAcknowledgementTests
{
    public static TheoryData<string> Providers() => TestDatabases.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheAcknowledgementIsAuditedBeforeTheJobStartsAndDoesNotWaitForIt(string provider)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IReadOnlyList<AuditRecord>? auditedAtStart = null;
        await using var server = await StartHeldAsync(provider, holding, release.Task, async services =>
        {
            auditedAtStart = await services.GetRequiredService<AuditLog>().ListAsync(new AuditFilter(Action: "events.capture"));
        });

        var document = CrashDocuments.Create(seed: 7, count: 1_500);
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var post = server.Client.PostAsync("capture", content);

        // The worker has stored its first batch and now holds the write lock until released.
        await holding.Task.WaitAsync(TimeSpan.FromMinutes(2));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // less than SQLite's 30 s busy timeout
        HttpResponseMessage response;
        try
        {
            response = await post.WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            release.TrySetResult();
            throw new Xunit.Sdk.XunitException("POST /capture did not answer while its job held the write lock: the acknowledgement waited for the job");
        }
        using (response)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var jobId = response.Headers.Location!.OriginalString.Split('/').Last();
            Assert.NotNull(auditedAtStart);
            Assert.Contains(auditedAtStart, r => r.Outcome == "202" && r.Target == "POST /capture");
            using (var job = JsonDocument.Parse(await server.Client.GetStringAsync("capture/" + jobId)))
            {
                Assert.Equal("running", job.RootElement.GetProperty("status").GetString());
            }

            release.SetResult();
            Assert.Equal("success", await FinishedStatusAsync(server, jobId));
            var audited = await server.Services.GetRequiredService<AuditLog>().ListAsync(new AuditFilter(Action: "events.capture"));
            Assert.Single(audited, r => r.Target == "POST /capture"); // written once, not again after the response
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnAuditedQueryAnswersWhileACaptureHoldsTheEventsWriteLock(string provider)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartHeldAsync(provider, holding, release.Task);

        var document = CrashDocuments.Create(seed: 8, count: 1_500);
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var accepted = await server.Client.PostAsync("capture", content);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jobId = accepted.Headers.Location!.OriginalString.Split('/').Last();
        await holding.Task.WaitAsync(TimeSpan.FromMinutes(2));

        // The query's audit row must be written before its answer; on SQLite it goes to audit.db, which the job does not lock.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // less than SQLite's 30 s busy timeout
        HttpResponseMessage query;
        try
        {
            query = await server.Client.GetAsync("events?eventType=ObjectEvent&perPage=5", cancel.Token);
        }
        catch (OperationCanceledException)
        {
            release.TrySetResult();
            throw new Xunit.Sdk.XunitException("GET /events did not answer while a capture job held the events' write lock: its audit row waited for the job");
        }
        using (query)
        {
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
            using var page = JsonDocument.Parse(await query.Content.ReadAsStringAsync());
            // The job's first batch is not committed: the query sees none of it.
            Assert.Equal(0, page.RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").GetArrayLength());
        }
        var audited = await server.Services.GetRequiredService<AuditLog>().ListAsync(new AuditFilter(Action: "events.query"));
        Assert.Contains(audited, r => r.Target.StartsWith("GET /events", StringComparison.Ordinal) && r.Outcome == "200");

        release.SetResult();
        Assert.Equal("success", await FinishedStatusAsync(server, jobId));
    }

    /// <summary>A server whose capture jobs hold the store's write lock after their first batch until <paramref name="release"/>.</summary>
    private static Task<PlatformServer> StartHeldAsync(string provider, TaskCompletionSource holding, Task release, Func<IServiceProvider, Task>? onBegin = null) =>
        PlatformServer.StartAsync(provider, services: s =>
        {
            s.AddSingleton<IEventStore>(sp =>
            {
                var store = DispatchProxy.Create<IEventStore, HeldStore>();
                var held = (HeldStore)(object)store;
                held.Inner = SuyuanApp.OpenStore(sp.GetRequiredService<ServeOptions>());
                if (onBegin is not null)
                {
                    held.OnBegin = () => onBegin(sp);
                }
                held.Holding = holding;
                held.Release = release;
                return store;
            });
        });

    private static async Task<string> FinishedStatusAsync(PlatformServer server, string jobId)
    {
        var status = "running";
        for (var tries = 0; status == "running" && tries < 3_000; tries++)
        {
            await Task.Delay(20);
            using var job = JsonDocument.Parse(await server.Client.GetStringAsync("capture/" + jobId));
            status = job.RootElement.GetProperty("status").GetString()!;
        }
        return status;
    }

    /// <summary>The real store, except that a capture transaction holds its write lock after its first batch until released.</summary>
    public class HeldStore : DispatchProxy, IEventStoreDecorator
    {
        public IEventStore Inner { get; set; } = null!;
        internal Func<Task> OnBegin { get; set; } = () => Task.CompletedTask;
        internal TaskCompletionSource Holding { get; set; } = new();
        internal Task Release { get; set; } = Task.CompletedTask;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IEventStore.BeginCaptureAsync))
            {
                return BeginAsync((string?)args![0], (CancellationToken)args[1]!);
            }
            try
            {
                return targetMethod.Invoke(Inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }

        private async Task<ICaptureTransaction> BeginAsync(string? jobId, CancellationToken ct)
        {
            if (jobId is not null)
            {
                await OnBegin();
            }
            var inner = await Inner.BeginCaptureAsync(jobId, ct);
            return jobId is null ? inner : new HeldTransaction(inner, this);
        }

        private sealed class HeldTransaction(ICaptureTransaction inner, HeldStore store) : ICaptureTransaction
        {
            private bool _held;

            public async Task<AppendResult> AppendAsync(IReadOnlyList<EventInput> batch, CancellationToken ct = default)
            {
                var result = await inner.AppendAsync(batch, ct);
                if (!_held)
                {
                    _held = true;
                    store.Holding.TrySetResult();
                    await store.Release;
                }
                return result;
            }

            public Task AddLocationMasterDataAsync(LocationMasterData data, CancellationToken ct = default) => inner.AddLocationMasterDataAsync(data, ct);

            public Task CommitAsync(CaptureJobStatus jobStatus = CaptureJobStatus.Success, IReadOnlyList<CaptureJobError>? jobErrors = null, int eventsRefusedBefore = 0, CancellationToken ct = default) =>
                inner.CommitAsync(jobStatus, jobErrors, eventsRefusedBefore, ct);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
