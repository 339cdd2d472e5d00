using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Core.Domain;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Hosting.Projections;
using Suyuan.Storage.Alerts;

namespace Suyuan.Features.Alerts;

internal sealed record AlertView(long Id, string Kind, string KindName, string Category, string Department, string? Enterprise,
    IReadOnlyList<string> Ids, IReadOnlyList<string> EventIDs, string Message, DateTimeOffset OccurredAt, DateTimeOffset RaisedAt,
    bool Acknowledged, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? Note)
{
    public static AlertView From(AlertRecord a) => new(a.Id, a.Kind, AlertKinds.Find(a.Kind)?.NameZh ?? a.Kind, a.Category, a.Department, a.Enterprise,
        a.Subjects, a.EventIds, a.Message, a.OccurredAt, a.RaisedAt, a.AcknowledgedAt is not null, a.AcknowledgedAt, a.AcknowledgedBy, a.Note);
}

internal sealed record AlertList(IReadOnlyList<AlertView> Items, long? NextBefore);

internal sealed record AcknowledgeRequest(string? Note);

/// <summary>Alerts of every system (food, drugs, farm inputs, equipment, chemicals): listed, filtered and acknowledged with a note.</summary>
internal static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts");
        group.MapGet("/", List).WithSummary("Alerts, newest first; filters kind, department, enterprise, category, since (ISO 8601), acknowledged, before (paging), limit");
        group.MapGet("/kinds", () => TypedResults.Ok(AlertKinds.All)).WithSummary("Every alert kind with its category and names");
        group.MapGet("/{id:long}", Get).WithSummary("One alert");
        group.MapPost("/{id:long}/acknowledge", Acknowledge).WithSummary("Acknowledge an alert with a note: {note}");
        return app;
    }

    private static async Task<Results<Ok<AlertList>, ProblemHttpResult>> List(string? kind, string? department, string? enterprise, string? category,
        string? since, string? acknowledged, long? before, int? limit, AlertStore alerts, ProjectionRunner views, HttpContext http, CancellationToken ct)
    {
        var actor = http.Actor();
        if (actor.IsRegulator)
        {
            // A regulator sees its own department's alerts.
            if (department is not null && department != actor.Department)
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", $"a regulator of {actor.Department} reads its own department's alerts", "/query/department");
            }
            department = actor.Department;
        }
        if (kind is not null && AlertKinds.Find(kind) is null)
        {
            return Problems.BadRequest($"unknown alert kind '{kind}'; one of: {string.Join(", ", AlertKinds.All.Select(k => k.Code))}", "/query/kind");
        }
        if (department is not null && Departments.Find(department) is null)
        {
            return Problems.BadRequest($"unknown department '{department}'; one of: {string.Join(", ", Departments.All.Select(d => d.Code))}", "/query/department");
        }
        if (category is not null && Categories.Find(category) is null)
        {
            return Problems.BadRequest($"unknown category '{category}'; one of: {string.Join(", ", Categories.All.Select(c => c.Code))}", "/query/category");
        }
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problems.BadRequest($"since '{since}' is not a date or date-time (ISO 8601)", "/query/since");
            }
            from = parsed;
        }
        bool? ack = acknowledged switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => null,
        };
        if (acknowledged is not null && ack is null)
        {
            return Problems.BadRequest("acknowledged is true or false", "/query/acknowledged");
        }
        if (limit is < 1 or > 1_000)
        {
            return Problems.BadRequest("limit is between 1 and 1000", "/query/limit");
        }
        await views.CatchUpAsync(ct);
        var size = limit ?? 100;
        var items = await alerts.ListAsync(new AlertFilter(kind, department, enterprise, category, from, ack, before, size + 1), ct);
        var page = items.Take(size).Select(AlertView.From).ToList();
        return TypedResults.Ok(new AlertList(page, items.Count > size ? page[^1].Id : null));
    }

    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> Get(long id, AlertStore alerts, HttpContext http, CancellationToken ct) =>
        await alerts.GetAsync(id, ct) is { } alert && Sees(http.Actor(), alert) ? TypedResults.Ok(AlertView.From(alert)) : Problems.NotFound($"no alert {id}", "/path/id");

    /// <summary>
    /// What is wrong with an acknowledgement's note, or null: it says what was done, in at most 2,000 characters, on one
    /// line (notes added later go below it, each with who wrote it and when, which a note of its own could not fake), and
    /// without the NUL character, which no store holds alike.
    /// </summary>
    internal static string? NoteProblem(string? note) =>
        string.IsNullOrWhiteSpace(note) ? "an acknowledgement needs a note saying what was done"
        : note.Length > 2_000 ? "the note is longer than 2000 characters"
        : note.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 ? "the note is one line, without line breaks or NUL characters"
        : null;

    /// <summary>Regulators see (and acknowledge) their department's alerts; another department's is answered as not found.</summary>
    internal static bool Sees(Actor actor, AlertRecord alert) => !actor.IsRegulator || alert.Department == actor.Department;

    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> Acknowledge(long id, AcknowledgeRequest? request, HttpContext http, AlertStore alerts, CancellationToken ct)
    {
        if (NoteProblem(request?.Note) is { } problem)
        {
            return Problems.BadRequest(problem, "/note");
        }
        if (await alerts.GetAsync(id, ct) is not { } found || !Sees(http.Actor(), found))
        {
            return Problems.NotFound($"no alert {id}", "/path/id");
        }
        var actor = http.User.Identity?.Name ?? "anonymous";
        return await alerts.AcknowledgeAsync(id, actor, request!.Note!.Trim(), ct) is { } alert
            ? TypedResults.Ok(AlertView.From(alert))
            : Problems.NotFound($"no alert {id}", "/path/id");
    }
}
