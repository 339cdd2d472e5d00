using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage;
using Suyuan.Storage.Accounts;
using Suyuan.Storage.Indexing;
using Suyuan.Storage.Query;

namespace Suyuan.Features.Capture;

/// <summary>EPCIS 2.0 capture (REST binding): POST /capture (a document, asynchronous job), POST /events (one event), job status.</summary>
internal static class CaptureApi
{
    public const string ErrorBehaviourHeader = "GS1-Capture-Error-Behaviour";

    public static IEndpointRouteBuilder MapCaptureApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Capture").AddEndpointFilter(EpcisHeaders.Filter);
        group.MapPost("/capture", CaptureDocument)
            .Accepts<object>("application/json", "application/ld+json")
            .WithSummary("Capture an EPCISDocument (or EPCISQueryDocument): 202 with the Location of the capture job");
        group.MapGet("/capture", ListJobs).WithSummary("Capture jobs, newest first");
        group.MapGet("/capture/{captureID}", GetJob).WithSummary("One capture job: running, success or failed, with counts and errors");
        group.MapPost("/events", CaptureEvent)
            .Accepts<object>("application/json", "application/ld+json")
            .Produces(StatusCodes.Status201Created, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Capture one event synchronously: 201 with the Location of the event and the event as stored (an EPCISEvent)");
        group.MapMethods("/capture", ["OPTIONS"], (HttpContext http) =>
        {
            // Both behaviours are supported: the binding's "all" says so (a request chooses with this header, rollback by default).
            http.Response.Headers["GS1-Capture-Error-Behaviour"] = "all";
            return Options(http, "OPTIONS, GET, POST");
        });
        group.MapMethods("/events", ["OPTIONS"], (HttpContext http) => Options(http, "OPTIONS, GET, POST"));
        group.MapMethods("/capture/{captureID}", ["OPTIONS"], (HttpContext http) => Options(http, "OPTIONS, GET"));
        return app;
    }

    private static IResult Options(HttpContext http, string allow)
    {
        http.Response.Headers.Allow = allow;
        return TypedResults.NoContent();
    }

    private static async Task<Results<Accepted<CaptureJobView>, ProblemHttpResult>> CaptureDocument(
        HttpRequest request, CaptureService capture, EventVisibility visibility, CancellationToken ct)
    {
        if (!ParseBehaviour(request, out var behaviour, out var problem))
        {
            return problem;
        }
        var actor = request.HttpContext.Actor();
        var gate = await visibility.CaptureGateForAsync(actor, ct);
        var outcome = await capture.AcceptDocumentAsync(request.Body, request.ContentLength, behaviour, ct, gate,
            () => request.HttpContext.AuditNowAsync(StatusCodes.Status202Accepted), actor.IsEnterprise ? actor.Enterprise : null);
        if (outcome.Problem is { } refused)
        {
            return EncodedBodies.Explained(request.HttpContext, refused);
        }
        var job = outcome.Job!;
        return TypedResults.Accepted($"/capture/{Uri.EscapeDataString(job.Id)}", CaptureJobView.From(job));
    }

    private static async Task<IResult> CaptureEvent(
        HttpRequest request, CaptureService capture, IEventStore store, EventVisibility visibility, CancellationToken ct)
    {
        var gate = await visibility.CaptureGateForAsync(request.HttpContext.Actor(), ct);
        var outcome = await capture.CaptureSingleEventAsync(request.Body, request.ContentLength, ct, gate,
            () => request.HttpContext.AuditNowAsync(StatusCodes.Status201Created));
        if (outcome.Problem is { } refused)
        {
            return EncodedBodies.Explained(request.HttpContext, refused);
        }
        var id = outcome.EventId!;
        var stored = await StoredAsync(store, id, outcome.Declaration, ct);
        return new EventCreatedResult($"/events/{Uri.EscapeDataString(id)}", stored, outcome.Duplicate,
            outcome.Warnings is { Count: > 0 } w ? [.. w.Select(p => new CaptureWarning(p.Pointer, p.Rule, p.Message))] : []);
    }

    /// <summary>
    /// The stored row of the event just captured. Rows under one eventID are one event with different error declarations
    /// (or none): the row whose declaration is the sent one's, compared by meaning; the latest row of the eventID when none
    /// is. Only rows of exactly that eventID: the query's list syntax (<c>a|b</c>) or trimming must never bring another
    /// event (another enterprise's) into the answer.
    /// </summary>
    private static async Task<StoredEvent?> StoredAsync(IEventStore store, string eventId, string? declaration, CancellationToken ct)
    {
        var parsed = EpcisQuery.Parse([new KeyValuePair<string, string>("EQ_eventID", eventId)]);
        if (parsed.Query is null)
        {
            return null;
        }
        StoredEvent? latest = null;
        await foreach (var e in (await store.QueryAsync(parsed.Query, ct)).Events.WithCancellation(ct))
        {
            if (!string.Equals(e.EventId, eventId, StringComparison.Ordinal))
            {
                continue;
            }
            using var json = System.Text.Json.JsonDocument.Parse(e.Json);
            if (EventIdentity.DeclarationOf(json.RootElement, EventIdentity.StoredContext(e.Context)) == declaration)
            {
                return e;
            }
            if (latest is null || e.RecordTime >= latest.RecordTime)
            {
                latest = e;
            }
        }
        return latest;
    }

    /// <summary>Jobs newest first, paged as the binding pages listings (perPage, default 30; nextPageToken; a Link to the next page).</summary>
    private static async Task<Results<Ok<IReadOnlyList<CaptureJobView>>, ProblemHttpResult>> ListJobs(HttpContext http, IEventStore store, AuditLog audit, CancellationToken ct)
    {
        if (!Features.Events.ResourcePaging.TryRead(http.Request, "capture", out var page, out var problem))
        {
            return problem;
        }
        // An enterprise lists the jobs it sent (as it reads them one by one); regulators and admins every party's.
        var actor = http.Actor();
        var enterprise = actor.IsEnterprise ? actor.Enterprise ?? "" : null;
        if (page.After is { } after && (await store.GetJobAsync(after, ct) is not { } from || enterprise is not null && from.Enterprise != enterprise))
        {
            return Features.Events.ResourcePaging.Invalid("nextPageToken", "the token names a capture job that does not exist");
        }
        var jobs = await store.ListJobsAsync(page.PerPage + 1, ct, page.After, enterprise);
        await AuditPrivilegedReadAsync(http, audit, StatusCodes.Status200OK);
        var kept = Features.Events.ResourcePaging.Page(http, "capture", page, jobs, j => j.Id);
        return TypedResults.Ok<IReadOnlyList<CaptureJobView>>([.. kept.Select(CaptureJobView.From)]);
    }

    private static async Task<Results<Ok<CaptureJobView>, ProblemHttpResult>> GetJob(string captureID, HttpContext http, IEventStore store, AuditLog audit, CancellationToken ct)
    {
        if (Features.Events.ResourcePaging.NoParameters(http.Request, "a capture job") is { } parameters)
        {
            return parameters;
        }
        var job = await store.GetJobAsync(captureID, ct);
        // An enterprise reads the jobs it sent; another's is answered as one that does not exist.
        var actor = http.Actor();
        if (job is not null && actor.IsEnterprise && job.Enterprise != actor.Enterprise)
        {
            job = null;
        }
        await AuditPrivilegedReadAsync(http, audit, job is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
        return job is null
            ? Problems.NotFound($"no capture job '{captureID}'", "/captureID")
            : TypedResults.Ok(CaptureJobView.From(job));
    }

    /// <summary>
    /// A regulator's or admin's read of capture jobs (other parties' documents, their errors and event ids) is a privileged
    /// read and audited; an enterprise polling its own jobs is not, as it may poll often.
    /// </summary>
    private static Task AuditPrivilegedReadAsync(HttpContext http, AuditLog audit, int status) =>
        http.Actor() is { IsEnterprise: false } actor
            ? audit.AppendAsync(AccessControl.Entry(http, actor, "capture.read", status.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None)
            : Task.CompletedTask;

    private static bool ParseBehaviour(HttpRequest request, out CaptureErrorBehaviour behaviour, out ProblemHttpResult problem)
    {
        behaviour = CaptureErrorBehaviour.Rollback;
        problem = null!;
        var value = request.Headers[ErrorBehaviourHeader].ToString();
        switch (value.Trim().ToLowerInvariant())
        {
            case "" or "rollback":
                return true;
            case "proceed":
                behaviour = CaptureErrorBehaviour.Proceed;
                return true;
            default:
                problem = Problems.BadRequest($"{ErrorBehaviourHeader} must be 'rollback' or 'proceed', not '{value}'", "/headers/" + ErrorBehaviourHeader);
                return false;
        }
    }
}

public enum CaptureErrorBehaviour
{
    Rollback,
    Proceed,
}

/// <summary>
/// A capture job as the REST binding shows it: <c>running</c>, <c>success</c> (false once any event was refused, also when
/// the job proceeded and stored the others), <c>captureErrorBehaviour</c>, and <c>errors</c> as RFC 7807 problems (empty
/// when the job succeeded). Beside them: <c>status</c> (running, success, partial: stored with some events refused, or
/// failed: nothing stored), the counts, and <c>warnings</c>, recommendations the stored events did not follow.
/// </summary>
public sealed record CaptureJobView(
    string CaptureID, bool Running, bool Success, string CaptureErrorBehaviour, string Status, DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? FinishedAt,
    int EventsTotal, int EventsStored, int Duplicates, int ErrorCount, IReadOnlyList<CaptureJobProblem> Errors, IReadOnlyList<CaptureJobWarning> Warnings)
{
    /// <summary>Warnings of jobs stored before they were flagged carry this prefix in their message.</summary>
    private const string WarningPrefix = "warning: ";

    public static CaptureJobView From(CaptureJob job)
    {
        var errors = new List<CaptureJobProblem>();
        var warnings = new List<CaptureJobWarning>();
        foreach (var e in job.ErrorList)
        {
            var prefixed = e.Message.StartsWith(WarningPrefix, StringComparison.Ordinal);
            if (e.Warning || prefixed)
            {
                warnings.Add(new CaptureJobWarning(prefixed ? e.Message[WarningPrefix.Length..] : e.Message, e.Pointer, e.EventId));
            }
            else
            {
                errors.Add(CaptureJobProblem.Of(e));
            }
        }
        var status = job.Status switch
        {
            CaptureJobStatus.Running => "running",
            CaptureJobStatus.Success when errors.Count > 0 => "partial",
            CaptureJobStatus.Success => "success",
            _ => "failed",
        };
        return new(job.Id, job.Status == CaptureJobStatus.Running, job.Status != CaptureJobStatus.Failed && errors.Count == 0,
            job.Proceed ? "proceed" : "rollback", status, job.CreatedAt, job.FinishedAt,
            job.EventsTotal, job.EventsStored, job.Duplicates, errors.Count, errors, warnings);
    }
}

/// <summary>One problem of a capture job, as an RFC 7807 body with the binding's exception type, its event and its member.</summary>
public sealed record CaptureJobProblem(
    string Type, string Title, int Status, string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pointer,
    [property: JsonPropertyName("eventID"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EventId)
{
    public static CaptureJobProblem Of(CaptureJobError e) => e.Status switch
    {
        StatusCodes.Status409Conflict => new(EpcisExceptions.Prefix + "ResourceAlreadyExistsException", "eventID already stored with other content", e.Status, e.Message, e.Pointer, e.EventId),
        >= 500 => new(EpcisExceptions.Prefix + "ImplementationException", "The capture failed on the server", e.Status, e.Message, e.Pointer, e.EventId),
        _ => new(EpcisExceptions.Prefix + "ValidationException", "Event refused", e.Status, e.Message, e.Pointer, e.EventId),
    };
}

/// <summary>A recommendation a stored event did not follow (its category profile's recommended fields).</summary>
public sealed record CaptureJobWarning(
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pointer,
    [property: JsonPropertyName("eventID"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EventId);

/// <summary>What the event lacks that its category profile recommends.</summary>
public sealed record CaptureWarning(string Pointer, string Rule, string Message);

/// <summary>
/// 201 of <c>POST /events</c>: the EPCISEvent as stored (its eventID, the recordTime the server gave it), with the Location
/// of the event. Beside the standard body, <c>Suyuan-Duplicate</c> says whether the event was stored before (then the body
/// is the event stored then), and <c>Suyuan-Warnings</c> lists as a JSON array (ASCII, other characters escaped) what the
/// event lacks that its category profile recommends, or keys that cannot exist: the first of them, up to 4 KB of header,
/// with their number in <c>Suyuan-Warning-Count</c>.
/// </summary>
internal sealed class EventCreatedResult(string location, StoredEvent? stored, bool duplicate, IReadOnlyList<CaptureWarning> warnings) : IResult
{
    public const string DuplicateHeader = "Suyuan-Duplicate";
    public const string WarningsHeader = "Suyuan-Warnings";
    public const string WarningCountHeader = "Suyuan-Warning-Count";

    /// <summary>The longest <see cref="WarningsHeader"/> written: well under the 8 KB many proxies allow a response's headers.</summary>
    private const int MaxWarningsLength = 4_096;

    private static readonly System.Text.Json.JsonSerializerOptions HeaderJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.Headers.Location = location;
        http.Response.Headers[DuplicateHeader] = duplicate ? "true" : "false";
        if (warnings.Count > 0)
        {
            // A header stays small enough for every client and proxy: the first warnings, with their number beside them.
            http.Response.Headers[WarningCountHeader] = warnings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var shown = warnings.Count;
            string text;
            while ((text = System.Text.Json.JsonSerializer.Serialize(warnings.Take(shown), HeaderJson)).Length > MaxWarningsLength && shown > 1)
            {
                shown = Math.Max(1, Math.Min(shown - 1, shown * MaxWarningsLength / text.Length));
            }
            if (text.Length <= MaxWarningsLength)
            {
                http.Response.Headers[WarningsHeader] = text;
            }
        }
        if (stored is null)
        {
            // Not readable back (removed by a concurrent process): the Location still names it.
            return;
        }
        // The binding's 201 is application/json; JSON-LD to a client that prefers it (the filter adds Vary: Accept).
        http.Response.ContentType = EpcisHeaders.JsonType(http.Request.Headers.Accept, "application/json") + "; charset=utf-8";
        // The event as captured, its EPC URNs as links when asked; a capture is never refused for the form of its echo, so
        // Always_EPC_URN gives the event as captured.
        Features.Events.EpcFormat.Check(http.Request, out var format);
        var digitalLinks = format == Features.Events.EpcFormat.AlwaysDigitalLink;
        http.Response.Headers[Features.Events.EpcFormat.Header] = digitalLinks ? format : Features.Events.EpcFormat.NeverTranslates;
        await Features.Events.QueryDocumentWriter.WriteEventAsync(http.Response.Body, stored, http.RequestAborted, digitalLinks);
    }
}
