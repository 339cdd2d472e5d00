using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Features.PublicTrace;
using Suyuan.Features.Rules;
using Suyuan.Features.Trace;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage;
using Suyuan.Storage.Lineage;
using Suyuan.Storage.Recalls;

namespace Suyuan.Features.Recall;

/// <summary>What a regulator sends to start a recall: id is anything the trace API accepts.</summary>
internal sealed record RecallRequest(string? Id, string? Reason, string? Department, string? StartedAt);

internal sealed record RecallRegistryView(string RecallID, string Id, string GivenId, string Reason, string Department,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, bool Active)
{
    public static RecallRegistryView From(RecallRecord r) => new(r.Id, r.Subject, r.GivenId, r.Reason, r.Department, r.StartedAt, r.EndedAt, r.IsActive);
}

/// <summary>
/// The recall registry (召回登记): a lot is recalled when it, or anything upstream of it on its chain, is under an active recall;
/// the public trace page shows the banner.
/// </summary>
internal static class RecallRegistryApi
{
    public static IEndpointRouteBuilder MapRecallRegistryApi(this IEndpointRouteBuilder app)
    {
        // Who may start and end recalls is decided by Hosting/Access (regulators and admins); a regulator acts for its own department.
        var group = app.MapGroup("/api/recalls").WithTags("Recall");
        group.MapPost("/", Start).WithSummary("Start a recall of an identifier (lot, item, container or trace code): {id, reason, department, startedAt?}");
        group.MapGet("/", List).WithSummary("Recalls, newest first: active ones, or all with all=true");
        group.MapGet("/{recallId}", Get).WithSummary("One recall");
        group.MapDelete("/{recallId}", End).WithSummary("End a recall (it stays listed with all=true)");
        return app;
    }

    private static async Task<Results<Created<RecallRegistryView>, ProblemHttpResult>> Start(RecallRequest request, IEventStore store, PublicPageCache cache, HttpContext http,
        ILogger<RecallRequest> log, CancellationToken ct)
    {
        var actor = http.Actor();
        if (actor.IsRegulator)
        {
            if (!string.IsNullOrWhiteSpace(request.Department) && request.Department.Trim() != actor.Department)
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", $"a regulator of {actor.Department} orders recalls for its own department", "/department");
            }
            request = request with { Department = actor.Department };
        }
        var lineage = LineageStore.Of(store);
        var (canonical, problem) = await TraceApi.ResolveAsync(request.Id, lineage, ct);
        if (problem is not null)
        {
            return problem;
        }
        // A regulator recalls what its department regulates: goods that passed through an enterprise of its categories, as
        // for a trace or the recall's impact.
        if (actor.IsRegulator)
        {
            var reach = await lineage.TraceAsync([(canonical!, null)], TraceDirection.Forward, TraceOptions.Default, ct);
            if (await RegulatorScope.CheckAsync(http, reach.Parties.Concat(reach.Locations), ct) is { } refused)
            {
                return refused;
            }
        }
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Problems.BadRequest("reason is required: why the goods are recalled", "/reason");
        }
        if (string.IsNullOrWhiteSpace(request.Department))
        {
            return Problems.BadRequest("department is required: the regulator that orders the recall", "/department");
        }
        var startedAt = DateTimeOffset.UtcNow;
        if (!string.IsNullOrWhiteSpace(request.StartedAt)
            && !DateTimeOffset.TryParse(request.StartedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out startedAt))
        {
            return Problems.BadRequest("startedAt must be an RFC 3339 date-time", "/startedAt");
        }
        var record = await RecallRegistry.Of(store).StartAsync(canonical!, request.Id!.Trim(), request.Reason.Trim(), request.Department.Trim(), startedAt, ct);
        cache.Invalidate();
        // Sales already recorded since the recall's start (it may be given in the past) raise their alerts now, whether the
        // client waits or not; what fails here is done again before the rule's next batch.
        if (http.RequestServices.GetService<SaleAfterRecallRule>() is { } rule)
        {
            try
            {
                await rule.LookBackAtRegistryAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                log.LogError(e, "Recall {Recall} was started; the sales already recorded since {Start} are checked before the rule's next batch", record.Id, record.StartedAt);
            }
        }
        return TypedResults.Created($"/api/recalls/{record.Id}", RecallRegistryView.From(record));
    }

    private static async Task<Ok<List<RecallRegistryView>>> List(bool? all, IEventStore store, CancellationToken ct) =>
        TypedResults.Ok((await RecallRegistry.Of(store).ListAsync(all ?? false, ct: ct)).Select(RecallRegistryView.From).ToList());

    private static async Task<Results<Ok<RecallRegistryView>, ProblemHttpResult>> Get(string recallId, IEventStore store, CancellationToken ct) =>
        await RecallRegistry.Of(store).GetAsync(recallId, ct) is { } record
            ? TypedResults.Ok(RecallRegistryView.From(record))
            : Problems.NotFound($"no recall '{recallId}'", "/recallId");

    private static async Task<Results<Ok<RecallRegistryView>, ProblemHttpResult>> End(string recallId, IEventStore store, PublicPageCache cache, HttpContext http, CancellationToken ct)
    {
        var actor = http.Actor();
        if (actor.IsRegulator && await RecallRegistry.Of(store).GetAsync(recallId, ct) is { } existing && existing.Department != actor.Department)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", $"the recall was ordered by {existing.Department}; a regulator of {actor.Department} cannot end it", "/recallId");
        }
        var record = await RecallRegistry.Of(store).EndAsync(recallId, DateTimeOffset.UtcNow, ct);
        if (record is null)
        {
            return Problems.NotFound($"no recall '{recallId}'", "/recallId");
        }
        cache.Invalidate();
        return TypedResults.Ok(RecallRegistryView.From(record));
    }
}
