using Suyuan.Hosting.Projections;
using Suyuan.Storage;

namespace Suyuan.Features.Capture;

/// <summary>Stores accepted capture jobs one at a time, each in one transaction with its final status.</summary>
internal sealed class CaptureWorker(CaptureService capture, IEventStore store, ProjectionRunner views, ILogger<CaptureWorker> log) : BackgroundService
{
    /// <summary>Events per call to the store: a document's events are indexed (at acceptance) and stored in batches of this many.</summary>
    internal const int BatchSize = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await capture.RequeueUnfinishedAsync(stoppingToken);
        await foreach (var jobId in capture.Queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(jobId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // The job stays 'running' with its spool file and resumes at the next start.
            }
            catch (Exception e)
            {
                log.LogError(e, "Capture job {Job} failed", jobId);
                await FailAsync(jobId, [new CaptureJobError(null, null, "the capture failed on the server: " + e.Message, StatusCodes.Status500InternalServerError)], CancellationToken.None,
                    await EventsOfAsync(jobId));
            }
        }
    }

    private async Task RunAsync(string jobId, CancellationToken ct)
    {
        // The events prepared at acceptance are used at most once: a retry after a failure reads the spool.
        var prepared = capture.TakePrepared(jobId);
        var (behaviour, invalid, errors, events, masterData) = await capture.ReadManifestAsync(jobId, ct);
        var refused = false;
        await using (var tx = await store.BeginCaptureAsync(jobId, ct))
        {
            if (prepared is { Batches.Count: > 0 })
            {
                // Indexed at acceptance. The batches hold the events now: each goes once stored, not at the end of the job.
                prepared.Inputs.Clear();
                for (int b = 0, offset = 0; b < prepared.Batches.Count; b++)
                {
                    var batch = prepared.Batches[b]!;
                    prepared.Batches[b] = null;
                    refused |= await AppendAsync(tx, batch, prepared.Pointers.GetRange(offset, batch.Inputs.Count), errors, ct);
                    offset += batch.Inputs.Count;
                }
            }
            else if (prepared is not null)
            {
                for (var offset = 0; offset < prepared.Inputs.Count; offset += BatchSize)
                {
                    var count = Math.Min(BatchSize, prepared.Inputs.Count - offset);
                    refused |= await AppendAsync(tx, Storage.PreparedEvents.Prepare(prepared.Inputs.GetRange(offset, count)), prepared.Pointers.GetRange(offset, count), errors, ct);
                }
            }
            else
            {
                await using var stream = File.OpenRead(capture.JobFile(jobId));
                var batch = new List<EventInput>(BatchSize);
                var pointers = new List<string>(BatchSize);
                await foreach (var item in EventSource.ReadAsync(stream, ct))
                {
                    if (invalid.Contains(item.Index))
                    {
                        continue;
                    }
                    batch.Add(EventSource.ToInput(item.Event, item.Context).Input);
                    pointers.Add(item.Pointer);
                    if (batch.Count == BatchSize)
                    {
                        refused |= await AppendAsync(tx, Storage.PreparedEvents.Prepare(batch), pointers, errors, ct);
                        batch.Clear();
                        pointers.Clear();
                    }
                }
                refused |= await AppendAsync(tx, Storage.PreparedEvents.Prepare(batch), pointers, errors, ct);
            }
            if (!refused || behaviour == CaptureErrorBehaviour.Proceed)
            {
                if (!masterData.IsEmpty)
                {
                    // The document's location master data commits with its events, or not at all.
                    await tx.AddLocationMasterDataAsync(masterData, ct);
                }
                await tx.CommitAsync(CaptureJobStatus.Success, errors, invalid.Count, ct);
                views.Notify();
            }
        }
        if (refused && behaviour == CaptureErrorBehaviour.Rollback)
        {
            await FailAsync(jobId, errors, ct, events);
        }
        CaptureService.TryDelete(capture.JobFile(jobId));
        CaptureService.TryDelete(capture.ManifestFile(jobId));
    }

    /// <summary>How many events the job's document holds, from its manifest; 0 when that cannot be read.</summary>
    private async Task<int> EventsOfAsync(string jobId)
    {
        try
        {
            return (await capture.ReadManifestAsync(jobId, CancellationToken.None)).Events;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            return 0;
        }
    }

    /// <summary>Appends one batch; true when the store refused any event.</summary>
    private static async Task<bool> AppendAsync(ICaptureTransaction tx, Storage.PreparedEvents batch, List<string> pointers, List<CaptureJobError> errors, CancellationToken ct)
    {
        if (batch.Inputs.Count == 0)
        {
            return false;
        }
        // SQLite's calls complete synchronously: without this a 10,000-event job keeps its thread for the whole document,
        // and requests queued behind it wait until the thread pool adds a thread (0.4-0.7 s).
        await Task.Yield();
        var result = await tx.AppendAsync(batch, ct);
        var refused = false;
        foreach (var outcome in result.Outcomes)
        {
            if (outcome.Status is AppendStatus.Conflict or AppendStatus.Invalid)
            {
                refused = true;
                errors.Add(new CaptureJobError(outcome.EventId, pointers[outcome.Index] + outcome.Pointer, outcome.Message ?? outcome.Status.ToString(),
                    outcome.Status == AppendStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest));
            }
        }
        return refused;
    }

    /// <param name="events">How many events the job's document holds, when known: a failed job reports them all as not stored.</param>
    private async Task FailAsync(string jobId, IReadOnlyList<CaptureJobError> errors, CancellationToken ct, int events = 0)
    {
        var job = await store.GetJobAsync(jobId, ct);
        if (job is not null)
        {
            await store.UpdateJobAsync(job with
            {
                Status = CaptureJobStatus.Failed,
                FinishedAt = DateTimeOffset.UtcNow,
                EventsTotal = Math.Max(events, job.EventsTotal),
                EventsStored = 0,
                Duplicates = 0,
                Errors = errors.Count,
                ErrorList = errors,
            }, ct);
        }
        CaptureService.TryDelete(capture.JobFile(jobId));
        CaptureService.TryDelete(capture.ManifestFile(jobId));
    }
}
