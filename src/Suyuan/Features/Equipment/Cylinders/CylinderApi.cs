using Suyuan.Hosting;
using Suyuan.Hosting.Projections;

namespace Suyuan.Features.Equipment.Cylinders;

/// <summary>GET /api/cylinders/{code} (state and history) and the scale's question before filling: /api/cylinders/{code}/filling-check.</summary>
internal static class CylinderApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cylinders").WithTags("Gas cylinders");
        api.MapGet("/{code}", GetAsync).WithSummary("A cylinder by tag (EPC URN or Digital Link) or cylinder number: its state and history");
        api.MapGet("/{code}/filling-check", FillingCheckAsync)
            .WithSummary("May this cylinder be filled now? {allowed, reason, reasonZh}; ?station= (party, location or unit name) also checks it is the station's own or entrusted cylinder");
    }

    private static async Task<IResult> GetAsync(string code, ProjectionRunner runner, CylinderView view, EquipmentTables tables, CancellationToken ct)
    {
        await runner.CatchUpAsync(ct);
        if (await view.FindAsync(code.Trim(), ct) is not { } s)
        {
            return Problems.NotFound($"no cylinder with tag or number '{code}'", "/code");
        }
        return TypedResults.Ok(new { cylinder = s, history = await tables.HistoryAsync(CylinderView.Kind, s.Tag, ct) });
    }

    private static async Task<IResult> FillingCheckAsync(string code, string? station, FeedFollower feed, CylinderView view, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 400)
        {
            return Problems.BadRequest("code must be a cylinder tag or number (at most 400 characters)", "/code");
        }
        await feed.CatchUpAsync().WaitAsync(ct);
        var check = view.Check(await view.FindAsync(code.Trim(), ct), code, station);
        return TypedResults.Ok(new { allowed = check.Allowed, code = check.Code, reason = check.Reason, reasonZh = check.ReasonZh, cylinder = check.Cylinder, nextInspectionDate = check.NextInspectionDate });
    }
}
