using Suyuan.Features.PublicTrace;
using Suyuan.Hosting;
using Suyuan.Hosting.Projections;

namespace Suyuan.Features.Equipment.Elevators;

/// <summary>GET /api/elevators, /api/elevators/{code} for regulators; /e/{code} and its QR for the sticker in the car.</summary>
internal static class ElevatorApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/elevators").WithTags("Elevators");
        api.MapGet("/", ListAsync).WithSummary("Every elevator: registration code, use certificate, maintainer, last maintenance, next inspection, overdue flags");
        api.MapGet("/{code}", GetAsync).WithSummary("One elevator by registration code (注册代码) or tag: its state and history");
        var pages = app.MapGroup("/e").WithTags("Elevators");
        pages.MapGet("/{code}", PageAsync).WithSummary("The public page of an elevator (the QR sticker in the car): HTML, zh-CN first, ?lang=en");
        pages.MapGet("/{code}/qr.png", QrAsync).WithSummary("QR (PNG) of the elevator's public page");
    }

    /// <summary>What regulators see of an elevator: its record and whether it is overdue now.</summary>
    internal sealed record ElevatorSummary(ElevatorState Elevator, bool MaintenanceOverdue, bool InspectionOverdue);

    private static ElevatorSummary Summary(ElevatorState s, EquipmentOptions options, DateTimeOffset now) => new(s,
        ElevatorView.DaysBetween(s.LastMaintenance ?? s.FirstSeen, now) > options.Elevators.MaintenanceDays,
        s.NextInspectionDate is { } due && EventFields.LocalDate(now) > due);

    private static async Task<IResult> ListAsync(ProjectionRunner runner, ElevatorView view, EquipmentOptions options, TimeProvider clock, CancellationToken ct)
    {
        await runner.CatchUpAsync(ct);
        var all = await view.AllAsync(ct);
        await view.SweepAsync(all, ct);
        var now = clock.GetUtcNow();
        var items = all.OrderBy(s => s.RegistrationCode, StringComparer.Ordinal).Select(s => Summary(s, options, now)).ToList();
        return TypedResults.Ok(new { count = items.Count, items });
    }

    private static async Task<IResult> GetAsync(string code, ProjectionRunner runner, ElevatorView view, EquipmentTables tables, EquipmentOptions options, TimeProvider clock, CancellationToken ct)
    {
        await runner.CatchUpAsync(ct);
        if (await view.FindAsync(code.Trim(), ct) is not { } s)
        {
            return Problems.NotFound($"no elevator with registration code or tag '{code}'", "/code");
        }
        await view.SweepAsync([s], ct);
        var summary = Summary(s, options, clock.GetUtcNow());
        return TypedResults.Ok(new { summary.Elevator, summary.MaintenanceOverdue, summary.InspectionOverdue, history = await tables.HistoryAsync(ElevatorView.Kind, s.RegistrationCode, ct) });
    }

    private static async Task<IResult> PageAsync(string code, HttpContext http, ProjectionRunner runner, ElevatorView view, EquipmentOptions options, TimeProvider clock, CancellationToken ct)
    {
        var en = EquipmentApi.English(http);
        await runner.CatchUpAsync(ct);
        var s = await view.FindAsync(code.Trim(), ct);
        if (s is not null)
        {
            await view.SweepAsync([s], ct);
        }
        if (s is null && EpcisHeaders.PrefersJson(http.Request.Headers.Accept))
        {
            // A client that asked for JSON is told so in JSON, as the public trace page does.
            return Problems.NotFound($"no elevator with registration code or tag '{code}'", "/code");
        }
        var html = s is null ? ElevatorPage.NotFound(code, en) : ElevatorPage.Render(Summary(s, options, clock.GetUtcNow()), options.Elevators, en, clock.GetUtcNow());
        return TypedResults.Text(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, s is null ? 404 : 200);
    }

    private static async Task<IResult> QrAsync(string code, HttpContext http, ElevatorView view, PublicTraceOptions options, CancellationToken ct)
    {
        if (await view.FindAsync(code.Trim(), ct) is not { } s)
        {
            return Problems.NotFound($"no elevator with registration code '{code}'", "/code");
        }
        var root = (options.BaseUrl ?? $"{http.Request.Scheme}://{http.Request.Host.Value}").TrimEnd('/');
        return QrCodes.Image(root + "/e/" + Uri.EscapeDataString(s.RegistrationCode), "png", null);
    }
}
