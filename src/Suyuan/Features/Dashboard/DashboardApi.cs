using System.Globalization;
using Suyuan.Core.Domain;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Hosting.Directory;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;
using Suyuan.Storage.Alerts;
using Suyuan.Storage.Lineage;

namespace Suyuan.Features.Dashboard;

/// <summary>The regulators' dashboard (监管驾驶舱): coverage against the plan, who stopped reporting, volumes, alerts; the directory and drill-down.</summary>
internal static class DashboardApi
{
    private const int DirectoryPageSize = 200;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard", Overview).ExcludeFromDescription();
        app.MapGet("/dashboard/alerts", AlertsPage).ExcludeFromDescription();
        app.MapPost("/dashboard/alerts/{id:long}/acknowledge", AcknowledgeFromPage).DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/dashboard/directory", Directory).ExcludeFromDescription();
        app.MapGet("/dashboard/enterprises/{uscc}", Enterprise).ExcludeFromDescription();
        app.MapGet("/api/dashboard", OverviewJson).WithTags("Dashboard").WithSummary("Coverage against the plan's targets, enterprises that stopped reporting, daily event volumes and open alerts; department narrows to its categories");
        return app;
    }

    /// <summary>The department whose categories the viewer sees: a regulator's own; for admins the one asked for (validated), or all.</summary>
    private static (string? Department, IResult? Problem) DepartmentOf(HttpRequest request)
    {
        if (request.HttpContext.Actor() is { IsRegulator: true, Department: { } own })
        {
            return (own, null);
        }
        var asked = request.Query["department"].ToString();
        if (asked.Length == 0)
        {
            return (null, null);
        }
        return Departments.Find(asked) is null
            ? (null, Problems.BadRequest($"unknown department '{asked}'; one of: {string.Join(", ", Departments.All.Select(d => d.Code))}", "/query/department"))
            : (asked, null);
    }

    private static bool English(HttpRequest request) => request.Query["lang"] == "en";

    private static async Task<DashboardModel> BuildAsync(string? department, IDashboardFacts facts, AlertStore alerts, ProjectionRunner views, TimeProvider clock, CancellationToken ct)
    {
        await views.CatchUpAsync(ct);
        var now = clock.GetUtcNow();
        var today = ChinaStandardTime.DateOf(now);
        var enterprises = await facts.EnterprisesAsync(ct);
        // Thirty days ending at the latest day with events (today on a live platform; earlier for imported history).
        var year = await facts.VolumesAsync(today.AddDays(-364), today, ct);
        var last = year.Count - 1;
        while (last > 29 && year[last].Events == 0)
        {
            last--;
        }
        var volumes = year.Skip(Math.Max(0, last - 29)).Take(30).ToList();
        var open = await alerts.CountOpenByKindAsync(department, ct);
        return DashboardModel.Build(enterprises, volumes, open, DashboardModel.CategoriesOf(department), now);
    }

    private static async Task<IResult> Overview(HttpRequest request, IDashboardFacts facts, AlertStore alerts, ProjectionRunner views, TimeProvider clock, CancellationToken ct)
    {
        var (department, problem) = DepartmentOf(request);
        if (problem is not null)
        {
            return problem;
        }
        var model = await BuildAsync(department, facts, alerts, views, clock, ct);
        return Results.Content(DashboardPage.Overview(model, department, English(request)), "text/html; charset=utf-8");
    }

    private const int AlertsPageSize = 50;

    private static async Task<IResult> AlertsPage(HttpRequest request, AlertStore alerts, ProjectionRunner views, CancellationToken ct)
    {
        var (department, problem) = DepartmentOf(request);
        if (problem is not null)
        {
            return problem;
        }
        var state = DashboardPage.ParseAlertState(request.Query["state"].ToString());
        if (state is null)
        {
            return Problems.BadRequest($"state is open, acknowledged or all, not '{request.Query["state"]}'", "/query/state");
        }
        long? before = null;
        if (request.Query.TryGetValue("before", out var given))
        {
            if (!long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Problems.BadRequest($"before is an alert id, not '{given}'", "/query/before");
            }
            before = id;
        }
        // Alerts are raised as the rules follow the events: catch them up, so what was just captured is listed.
        await views.CatchUpAsync(ct);
        var acknowledged = state switch { DashboardPage.AlertState.Open => false, DashboardPage.AlertState.Acknowledged => true, _ => (bool?)null };
        var found = await alerts.ListAsync(new AlertFilter(Department: department, Acknowledged: acknowledged, BeforeId: before, Limit: AlertsPageSize + 1), ct);
        var page = found.Take(AlertsPageSize).ToList();
        var error = request.Query["error"] == "note" ? (English(request) ? "Say what was done: an acknowledgement needs a note." : "请填写处理说明：处理预警需要说明所做的处理。") : null;
        return Results.Content(DashboardPage.Alerts(page, found.Count > AlertsPageSize ? page[^1].Id : null, state.Value, department, English(request), error),
            "text/html; charset=utf-8");
    }

    /// <summary>
    /// The alerts page's form: acknowledges the alert with its note and goes back to the page (303), to the list it was
    /// sent from (rebuilt from the form's validated state and language, never echoed). A regulator acknowledges its own
    /// department's alerts only; another's is answered as not found. Cookies are SameSite=Strict, so no other site can post
    /// this form for a signed-in regulator.
    /// </summary>
    private static async Task<IResult> AcknowledgeFromPage(long id, HttpRequest request, AlertStore alerts, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Problems.UnsupportedMediaType("the form is sent as application/x-www-form-urlencoded");
        }
        var form = await request.ReadFormCheckedAsync(ct);
        var state = DashboardPage.ParseAlertState(form["state"].ToString()) ?? DashboardPage.AlertState.Open;
        var back = $"/dashboard/alerts?state={state.ToString().ToLowerInvariant()}" + (form["lang"] == "en" ? "&lang=en" : "");
        if (Alerts.AlertsApi.NoteProblem(form["note"].ToString()) is not null)
        {
            return SeeOther(request, back + "&error=note");
        }
        var actor = request.HttpContext.Actor();
        if (await alerts.GetAsync(id, ct) is not { } alert || !Alerts.AlertsApi.Sees(actor, alert))
        {
            return Problems.NotFound($"no alert {id}", "/path/id");
        }
        await alerts.AcknowledgeAsync(id, request.HttpContext.User.Identity?.Name ?? "anonymous", form["note"].ToString().Trim(), ct);
        return SeeOther(request, back + "#alert-" + id.ToString(CultureInfo.InvariantCulture));
    }

    private static IResult SeeOther(HttpRequest request, string location)
    {
        request.HttpContext.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> OverviewJson(HttpRequest request, IDashboardFacts facts, AlertStore alerts, ProjectionRunner views, TimeProvider clock, CancellationToken ct)
    {
        var (department, problem) = DepartmentOf(request);
        if (problem is not null)
        {
            return problem;
        }
        var m = await BuildAsync(department, facts, alerts, views, clock, ct);
        return Results.Ok(new
        {
            department,
            generatedAt = m.Now,
            enterprises = m.Enterprises,
            reporting = m.Reporting,
            coverage = m.Coverage.Select(r => new
            {
                target = r.Target.Id, name = r.Target.NameZh, nameEn = r.Target.NameEn, category = r.Target.Group.Category,
                requiredPercent = r.Target.Percent, requiredCount = r.Target.Count, registered = r.Registered, reporting = r.Reporting,
                percent = Math.Round(r.Percent, 1), met = r.Met,
            }),
            stoppedReporting = m.StoppedReporting.Select(e => new { uscc = e.Uscc, name = e.Name, region = e.Region, lastReportedAt = e.LastReportedAt }),
            neverReported = m.NeverReported.Count,
            volumes = m.Volumes.Select(v => new { day = v.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), events = v.Events }),
            openAlerts = m.OpenAlerts,
        });
    }

    private static async Task<IResult> Directory(HttpRequest request, IDashboardFacts facts, TimeProvider clock, CancellationToken ct)
    {
        var (department, problem) = DepartmentOf(request);
        if (problem is not null)
        {
            return problem;
        }
        var q = request.Query["q"].ToString().Trim();
        var region = request.Query["region"].ToString().Trim();
        var categories = DashboardModel.CategoriesOf(department);
        var matches = (await facts.EnterprisesAsync(ct))
            .Where(e => categories is null || e.Categories.Overlaps(categories))
            .Where(e => q.Length == 0 || e.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || e.Uscc.StartsWith(q, StringComparison.OrdinalIgnoreCase))
            .Where(e => region.Length == 0 || e.Region.StartsWith(region, StringComparison.Ordinal))
            .OrderBy(e => e.Region, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        return Results.Content(DashboardPage.Directory(matches.Take(DirectoryPageSize).ToList(), matches.Count, q, region, English(request), clock.GetUtcNow()), "text/html; charset=utf-8");
    }

    private static async Task<IResult> Enterprise(string uscc, HttpRequest request, IDashboardFacts facts, IEnterpriseDirectory directory, IEventStore store,
        AlertStore alerts, TimeProvider clock, CancellationToken ct)
    {
        var en = English(request);
        var (department, problem) = DepartmentOf(request);
        if (problem is not null)
        {
            return problem;
        }
        var categories = DashboardModel.CategoriesOf(department);
        var enterprise = (await facts.EnterprisesAsync(ct)).FirstOrDefault(e => string.Equals(e.Uscc, uscc, StringComparison.OrdinalIgnoreCase)
            && (categories is null || e.Categories.Overlaps(categories)));
        if (enterprise is null)
        {
            if (EpcisHeaders.PrefersJson(request.Headers.Accept))
            {
                return Problems.NotFound($"no enterprise with USCC '{uscc}' in the categories this department sees", "/uscc");
            }
            return Results.Content(DashboardPage.Directory([], 0, uscc, null, en, clock.GetUtcNow()), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }
        var ids = await directory.IdsOfAsync(enterprise.Uscc, ct);
        var recent = await LineageStore.Of(store).RecentEventsAtAsync(ids, 20, ct);
        var events = recent.Select(e => (ChinaStandardTime.Of(e.Time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            e.BizStep ?? e.Type, e.BizLocation ?? e.ReadPoint ?? "", e.EventId)).ToList();
        var raised = await alerts.ListAsync(new AlertFilter(Enterprise: enterprise.Uscc, Limit: 20), ct);
        var alertRows = raised.Select(a => (AlertKinds.Find(a.Kind) is { } k ? (en ? k.NameEn : k.NameZh) : a.Kind, a.Message,
            ChinaStandardTime.Of(a.OccurredAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
        return Results.Content(DashboardPage.Enterprise(enterprise, events, alertRows, en, clock.GetUtcNow()), "text/html; charset=utf-8");
    }

    /// <summary>A bizStep as people say it: the CBV word, or the last path segment of a private IRI.</summary>
    private static string Short(string bizStep)
    {
        var slash = bizStep.LastIndexOfAny(['/', ':', '-']);
        return slash >= 0 && slash < bizStep.Length - 1 ? bizStep[(slash + 1)..] : bizStep;
    }
}
