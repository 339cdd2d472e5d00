using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Core.Identifiers;
using Suyuan.Features.Trace;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Storage;
using Suyuan.Storage.Lineage;

namespace Suyuan.Features.Recall;

/// <summary>A party or location to contact in a recall: the registered enterprise it belongs to and its first contact, when registered.</summary>
internal sealed record ContactView(string Id, string? Name = null, string? Contact = null);

/// <summary>The downstream set of a recall: every lot made from the goods, every party and location that received any of it, stock and shipments.</summary>
internal sealed record RecallView(IReadOnlyList<string> Start, IReadOnlyList<IdView> Lots, IReadOnlyList<IdView> Containers,
    IReadOnlyList<ContactView> Parties, IReadOnlyList<ContactView> Locations, IReadOnlyList<StockLine> Stock, IReadOnlyList<ShipmentLine> Shipments,
    IReadOnlyList<FsmaRecord> Records);

/// <summary>Recall impact (召回影响评估) by lot, by product and dates, or by location and dates; JSON, CSV or XLSX (FSMA 204 sortable spreadsheet).</summary>
internal static class RecallApi
{
    public static IEndpointRouteBuilder MapRecallApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/recall").WithTags("Recall")
            .MapGet("/impact", Impact)
            .WithSummary("Downstream impact of id, or of product (GTIN) or location (GLN/SGLN) between from and to; format=json|csv|xlsx");
        return app;
    }

    private static async Task<IResult> Impact(string? id, string? product, string? location, string? from, string? to, string? format, HttpContext http, IEventStore store, CancellationToken ct)
    {
        var output = (format ?? "json").Trim().ToLowerInvariant();
        if (output is not ("json" or "csv" or "xlsx"))
        {
            return Problems.BadRequest("format must be json, csv or xlsx", "/format");
        }
        if (new[] { id, product, location }.Count(v => !string.IsNullOrWhiteSpace(v)) != 1)
        {
            return Problems.BadRequest("give exactly one of id, product (a GTIN) or location (a GLN or SGLN)", "/id");
        }
        if (!TryTime(from, out var fromTime))
        {
            return Problems.BadRequest("from must be an RFC 3339 date-time (or a date)", "/from");
        }
        if (!TryTime(to, out var toTime))
        {
            return Problems.BadRequest("to must be an RFC 3339 date-time (or a date)", "/to");
        }
        var lineage = LineageStore.Of(store);
        IReadOnlyList<(string Id, DateTimeOffset? From)> start;
        if (!string.IsNullOrWhiteSpace(id))
        {
            var (canonical, problem) = await TraceApi.ResolveAsync(id, lineage, ct);
            if (problem is not null)
            {
                return problem;
            }
            start = [(canonical!, null)];
        }
        else if (!string.IsNullOrWhiteSpace(product))
        {
            var gtin = product.Trim();
            if (gtin.Length is not (8 or 12 or 13 or 14) || !gtin.All(char.IsAsciiDigit) || !Gs1CheckDigit.IsValid(gtin))
            {
                return Problems.BadRequest($"'{gtin}' is not a GTIN (8, 12, 13 or 14 digits with a valid check digit)", "/product");
            }
            var found = await lineage.IdentifiersOfProductAsync(gtin.PadLeft(14, '0'), fromTime, toTime, ct);
            if (found.Count == 0)
            {
                return Problems.NotFound($"no captured event names GTIN {gtin} in the period", "/product");
            }
            start = found.Select(f => (f.Id, (DateTimeOffset?)null)).ToList();
        }
        else
        {
            var place = location!.Trim();
            string canonical;
            if (place.Length == 13 && place.All(char.IsAsciiDigit))
            {
                if (!Gs1CheckDigit.IsValid(place))
                {
                    return Problems.BadRequest($"'{place}' is not a GLN: its check digit does not match", "/location");
                }
                canonical = $"{DigitalLink.CanonicalStem}/414/{place}";
            }
            else if (!TraceIds.TryCanonicalise(place, out canonical, out var error) || IdentifierKinds.Of(canonical) != "location")
            {
                return Problems.BadRequest(error.Length > 0 ? error : $"'{place}' is not a GLN or SGLN", "/location");
            }
            var found = await lineage.IdentifiersAtLocationAsync(canonical, fromTime, toTime, ct);
            if (found.Count == 0)
            {
                return Problems.NotFound($"no captured event at {canonical} in the period", "/location");
            }
            start = found.Select(f => (f.Id, (DateTimeOffset?)f.First)).ToList();
        }

        var result = await lineage.TraceAsync(start, TraceDirection.Forward, ct: ct);
        if (await RegulatorScope.CheckAsync(http, result.Parties.Concat(result.Locations), ct) is { } refused)
        {
            return refused;
        }
        var records = FsmaRecords.From(result);
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return output switch
        {
            "csv" => TypedResults.File(FsmaRecords.Csv(records), "text/csv; charset=utf-8", $"recall-{stamp}.csv"),
            "xlsx" => TypedResults.File(FsmaRecords.Xlsx(records), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"recall-{stamp}.xlsx"),
            _ => TypedResults.Ok(new RecallView(start.Select(s => s.Id).ToList(),
                result.Lots.Select(l => new IdView(l.Id, l.Kind)).ToList(), result.Containers.Select(c => new IdView(c.Id, c.Kind)).ToList(),
                await ContactsAsync(http, result.Parties, ct), await ContactsAsync(http, result.Locations, ct),
                StockLedger.Balance(result), StockLedger.Shipments(result), records)),
        };
    }

    /// <summary>Each party or location with the name and first contact of the enterprise the registry says it belongs to.</summary>
    private static async Task<List<ContactView>> ContactsAsync(HttpContext http, IEnumerable<string> ids, CancellationToken ct)
    {
        var directory = http.RequestServices.GetService<Hosting.Directory.IEnterpriseDirectory>();
        var registry = http.RequestServices.GetService<Storage.Registry.RegistryStore>();
        var enterprises = new Dictionary<string, Storage.Registry.EnterpriseRecord?>(StringComparer.Ordinal);
        var views = new List<ContactView>();
        foreach (var id in ids)
        {
            Storage.Registry.EnterpriseRecord? enterprise = null;
            if (directory is not null && registry is not null && await directory.OwnerOfAsync(id, ct) is { } uscc)
            {
                if (!enterprises.TryGetValue(uscc, out enterprise))
                {
                    enterprises[uscc] = enterprise = await registry.GetAsync(uscc, ct);
                }
            }
            var contact = enterprise?.Contacts.FirstOrDefault();
            views.Add(new ContactView(id, enterprise?.Name, contact is null ? null : $"{contact.Name} {contact.Phone}"));
        }
        return views;
    }

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            value = t;
            return true;
        }
        return false;
    }
}
