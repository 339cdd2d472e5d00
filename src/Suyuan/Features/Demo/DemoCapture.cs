using System.Diagnostics;
using Suyuan.Features.Capture;
using Suyuan.Hosting;
using Suyuan.Storage;

namespace Suyuan.Features.Demo;

/// <summary>How far a demo capture is: events stored (or skipped as duplicates) out of the total, and since when.</summary>
internal sealed record DemoProgress(long Stored, long Total, int Documents, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Stored / Elapsed.TotalSeconds : 0;

    public TimeSpan? Remaining => Stored > 0 && Total > Stored ? TimeSpan.FromSeconds((Total - Stored) / EventsPerSecond) : null;
}

/// <summary>The outcome of a demo capture; <see cref="Failures"/> lists refused documents and failed jobs (none is expected).</summary>
internal sealed record DemoResult(long Events, long Stored, long Duplicates, int Documents, TimeSpan Elapsed, IReadOnlyList<string> Failures, bool Cancelled);

/// <summary>
/// Captures a demo plan through the platform's own capture path: each document is spooled and validated by
/// <see cref="CaptureService"/> and stored by the capture worker, exactly as a document POSTed to /capture.
/// </summary>
/// <param name="workerStopping">Signalled when the capture worker stops: jobs still running then are left for the next start.</param>
internal sealed class DemoCapture(CaptureService capture, IEventStore store, ServeOptions options, CancellationToken workerStopping = default)
{
    /// <summary>Documents accepted but not yet stored: one validating while one is stored keeps both cores busy.</summary>
    private const int InFlight = 2;

    public async Task<DemoResult> RunAsync(DemoPlan plan, int maxEventsPerDocument, DemoHighlights? highlights, IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        var perDocument = Math.Clamp(maxEventsPerDocument, 1, options.CaptureEventLimit);
        var total = plan.EventLimit ?? -1;
        var clock = Stopwatch.StartNew();
        var pending = new Queue<(string JobId, int Events)>();
        var failures = new List<string>();
        long events = 0, stored = 0, duplicates = 0;
        var documents = 0;

        async Task SettleAsync((string JobId, int Events) job)
        {
            var done = await WaitAsync(job.JobId);
            stored += done.EventsStored;
            duplicates += done.Duplicates;
            if (done.Status != CaptureJobStatus.Success || done.Errors > 0)
            {
                failures.Add($"capture job {job.JobId} {done.Status.ToString().ToLowerInvariant()}: {string.Join("; ", done.ErrorList.Take(3).Select(e => $"{e.Pointer} {e.Message}"))}");
            }
            progress?.Report(new DemoProgress(stored + duplicates, total, documents, clock.Elapsed));
        }

        await foreach (var document in DemoDocuments.StreamAsync(plan, perDocument, options.CaptureFileSizeLimit * 9 / 10, highlights, ct))
        {
            // A document is accepted whole or not at all; Ctrl+C takes effect between documents.
            using var body = new MemoryStream(document.Json, writable: false);
            var accepted = await capture.AcceptDocumentAsync(body, body.Length, CaptureErrorBehaviour.Rollback, CancellationToken.None);
            documents++;
            events += document.Events;
            if (accepted.Job is not { } job)
            {
                failures.Add($"document {documents} refused: {accepted.Problem?.ProblemDetails.Detail}");
                break;
            }
            pending.Enqueue((job.Id, document.Events));
            while (pending.Count >= InFlight)
            {
                await SettleAsync(pending.Dequeue());
            }
            if (ct.IsCancellationRequested)
            {
                break;
            }
        }
        while (pending.Count > 0)
        {
            await SettleAsync(pending.Dequeue());
        }
        return new DemoResult(events, stored, duplicates, documents, clock.Elapsed, failures, ct.IsCancellationRequested);
    }

    /// <summary>Polls the job until the worker has finished it: a Ctrl+C lets accepted documents finish, only the worker's stop ends the wait.</summary>
    private async Task<CaptureJob> WaitAsync(string jobId)
    {
        var delay = 5;
        while (true)
        {
            var job = await store.GetJobAsync(jobId, workerStopping) ?? throw new InvalidOperationException($"capture job {jobId} vanished");
            if (job.Status != CaptureJobStatus.Running)
            {
                return job;
            }
            await Task.Delay(delay, workerStopping);
            delay = Math.Min(delay * 2, 50);
        }
    }
}
