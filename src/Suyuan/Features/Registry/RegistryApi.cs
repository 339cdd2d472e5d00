using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Core.Domain;
using Suyuan.Core.Identifiers;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;
using Suyuan.Hosting.Directory;
using Suyuan.Hosting.Projections;
using Suyuan.Storage.Registry;

namespace Suyuan.Features.Registry;

/// <summary>
/// The registry: enterprises (<c>/api/enterprises</c>), the traceability directory per department (<c>/api/directory</c>) and the
/// product catalogue (<c>/api/catalogue</c>). Three route groups, so that access policies (admin writes, regulators' reads) attach to each.
/// </summary>
internal static class RegistryApi
{
    public const int MaxTraceCodesPerBatch = 10_000;
    private const int MaxPageSize = 500;

    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddSingleton<RegistryStore>();
        services.AddSingleton<IEnterpriseDirectory, RegistryDirectory>();
        services.AddSingleton<IEventProjection, RegistryActivity>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var enterprises = app.MapGroup("/api/enterprises").WithTags("Registry");
        enterprises.MapPost("/", Register).WithSummary("Register an enterprise: {uscc, name, nodeTypes, region, licences, parties, locations, contacts, categories, confirmCheckFailure}");
        enterprises.MapGet("/", List).WithSummary("Registered enterprises (contacts masked); q (name substring or USCC prefix), region, nodeType, category, page, pageSize");
        enterprises.MapGet("/node-types", () => TypedResults.Ok(NodeTypes.All)).WithSummary("Every node type with its names and categories");
        enterprises.MapGet("/regions", () => TypedResults.Ok(Regions.NantongDistricts.Prepend(Regions.City))).WithSummary("Nantong's GB/T 2260 divisions");
        enterprises.MapGet("/counts", Counts).WithSummary("Registered enterprises per category × node type × region");
        enterprises.MapGet("/last-reported", LastReported).WithSummary("Every enterprise with the time of its last reported event (null: never)");
        enterprises.MapGet("/activity", Activity).WithSummary("Events per enterprise per day (UTC+8): from, to (yyyy-MM-dd)");
        enterprises.MapGet("/trace-codes/{code}", TraceCodeIssuer).WithSummary("Which enterprise a platform trace code was issued to");
        enterprises.MapGet("/{uscc}", Get).WithSummary("One enterprise, with its contacts in full (masked when another enterprise asks)");
        enterprises.MapPut("/{uscc}", Replace).WithSummary("Replace an enterprise's data (same rules as registration)");
        enterprises.MapDelete("/{uscc}", Delete).WithSummary("Remove an enterprise from the registry");
        enterprises.MapPost("/{uscc}/subject-codes", IssueSubjectCode).WithSummary("Issue the enterprise's next platform subject code (主体码)");
        enterprises.MapPost("/{uscc}/trace-codes", IssueTraceCodes).WithSummary("Issue a batch of platform trace codes to the enterprise: {count}");

        var directory = app.MapGroup("/api/directory").WithTags("Registry");
        directory.MapGet("/", Directory).WithSummary("The traceability directory (追溯管理单位名录): department, q, region, nodeType, category, page, pageSize; format=csv for a spreadsheet");

        var catalogue = app.MapGroup("/api/catalogue").WithTags("Registry");
        catalogue.MapGet("/", CatalogueList).WithSummary("Catalogue entries: category, department, listing (national-key, encouraged, local)");
        catalogue.MapGet("/gtin/{gtin}", CatalogueByGtin).WithSummary("Catalogue entries of a GTIN (8, 12, 13 or 14 digits, check digit verified)");
        catalogue.MapGet("/{id:long}", CatalogueGet).WithSummary("One catalogue entry");
        catalogue.MapPost("/", CatalogueAdd).WithSummary("Add an entry: {category, department, listing, name, gtin}; without a GTIN a platform product code is issued");
        catalogue.MapPut("/{id:long}", CatalogueUpdate).WithSummary("Replace an entry");
        catalogue.MapDelete("/{id:long}", CatalogueDelete).WithSummary("Remove an entry");
        return app;
    }

    // ---- enterprises ----

    private static async Task<Results<Created<EnterpriseView>, ProblemHttpResult>> Register(EnterpriseInput? input, RegistryStore registry, TimeProvider clock, CancellationToken ct)
    {
        var (record, refusal) = EnterpriseRules.Validate(input, clock);
        if (refusal is not null)
        {
            return Refused(refusal);
        }
        try
        {
            await registry.RegisterAsync(record!, ct);
        }
        catch (RegistryConflictException e)
        {
            return Problems.Conflict(e.Message, e.Pointer);
        }
        var stored = await registry.GetAsync(record!.Uscc, ct);
        return TypedResults.Created($"/api/enterprises/{record.Uscc}", EnterpriseView.From(stored!, EnterpriseRules.Today(clock), fullContacts: true));
    }

    private static async Task<Results<Ok<EnterpriseView>, ProblemHttpResult>> Replace(string uscc, EnterpriseInput? input, RegistryStore registry, TimeProvider clock, CancellationToken ct)
    {
        var (record, refusal) = EnterpriseRules.Validate(input, clock, uscc);
        if (refusal is not null)
        {
            return Refused(refusal);
        }
        try
        {
            if (!await registry.ReplaceAsync(record!, ct))
            {
                return Problems.NotFound($"no enterprise {uscc} is registered", "/path/uscc");
            }
        }
        catch (RegistryConflictException e)
        {
            return Problems.Conflict(e.Message, e.Pointer);
        }
        return TypedResults.Ok(EnterpriseView.From((await registry.GetAsync(record!.Uscc, ct))!, EnterpriseRules.Today(clock), fullContacts: true));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string uscc, RegistryStore registry, CancellationToken ct) =>
        await registry.DeleteAsync(uscc.ToUpperInvariant(), ct) ? TypedResults.NoContent() : Problems.NotFound($"no enterprise {uscc} is registered", "/path/uscc");

    /// <summary>One enterprise; its contacts in full for regulators, admins and the enterprise itself, masked for other enterprises.</summary>
    private static async Task<Results<Ok<EnterpriseView>, ProblemHttpResult>> Get(string uscc, HttpContext http, RegistryStore registry, TimeProvider clock, CancellationToken ct)
    {
        var actor = http.Actor();
        return await registry.GetAsync(uscc.ToUpperInvariant(), ct) is { } e
            ? TypedResults.Ok(EnterpriseView.From(e, EnterpriseRules.Today(clock), fullContacts: !actor.IsEnterprise || string.Equals(actor.Enterprise, e.Uscc, StringComparison.OrdinalIgnoreCase)))
            : Problems.NotFound($"no enterprise {uscc} is registered", "/path/uscc");
    }

    private static async Task<Results<Ok<EnterpriseListView>, ProblemHttpResult>> List(string? q, string? region, string? nodeType, string? category, int? page, int? pageSize,
        RegistryStore registry, TimeProvider clock, CancellationToken ct)
    {
        var (filter, refusal) = Filter(null, q, region, nodeType, category, page, pageSize);
        if (refusal is not null)
        {
            return refusal;
        }
        var result = await registry.SearchAsync(filter!, ct);
        var today = EnterpriseRules.Today(clock);
        return TypedResults.Ok(new EnterpriseListView([.. result.Items.Select(e => EnterpriseView.From(e, today, fullContacts: false))], result.Total, page ?? 1, filter!.Limit));
    }

    private static async Task<Ok<IReadOnlyList<RegistrationCount>>> Counts(RegistryStore registry, CancellationToken ct) => TypedResults.Ok(await registry.CountsAsync(ct));

    private static async Task<Ok<IReadOnlyList<LastReported>>> LastReported(RegistryStore registry, ProjectionRunner views, CancellationToken ct)
    {
        await views.CatchUpAsync(ct);
        return TypedResults.Ok(await registry.LastReportedAsync(ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<ActivityDay>>, ProblemHttpResult>> Activity(string? from, string? to, RegistryStore registry, ProjectionRunner views, TimeProvider clock, CancellationToken ct)
    {
        var today = EnterpriseRules.Today(clock);
        if (!TryDay(from, today.AddDays(-30), out var start))
        {
            return Problems.BadRequest($"from '{from}' is not a date yyyy-MM-dd", "/query/from");
        }
        if (!TryDay(to, today, out var end))
        {
            return Problems.BadRequest($"to '{to}' is not a date yyyy-MM-dd", "/query/to");
        }
        if (end < start)
        {
            return Problems.BadRequest("to is before from", "/query/to");
        }
        await views.CatchUpAsync(ct);
        return TypedResults.Ok(await registry.ActivityAsync(start, end, ct));
    }

    private static async Task<Results<Created<object>, ProblemHttpResult>> IssueSubjectCode(string uscc, RegistryStore registry, CancellationToken ct)
    {
        try
        {
            return await registry.IssueSubjectCodeAsync(uscc.ToUpperInvariant(), ct) is { } code
                ? TypedResults.Created($"/api/enterprises/{uscc.ToUpperInvariant()}", (object)new { uscc = uscc.ToUpperInvariant(), subjectCode = code })
                : Problems.NotFound($"no enterprise {uscc} is registered", "/path/uscc");
        }
        catch (RegistryConflictException e)
        {
            return Problems.Conflict(e.Message, e.Pointer);
        }
    }

    private static async Task<Results<Created<TraceCodeBatch>, ProblemHttpResult>> IssueTraceCodes(string uscc, TraceCodeRequest? request, RegistryStore registry, CancellationToken ct)
    {
        if (request?.Count is not { } count || count is < 1 or > MaxTraceCodesPerBatch)
        {
            return Problems.BadRequest($"count is between 1 and {MaxTraceCodesPerBatch}", "/count");
        }
        var batch = await registry.IssueTraceCodesAsync(uscc.ToUpperInvariant(), count, region => PlatformTraceCode.Generate(region).Digits, ct);
        return batch is null
            ? Problems.NotFound($"no enterprise {uscc} is registered", "/path/uscc")
            : TypedResults.Created($"/api/enterprises/trace-codes/{batch.Codes[0]}", batch);
    }

    private static async Task<Results<Ok<TraceCodeIssuer>, ProblemHttpResult>> TraceCodeIssuer(string code, RegistryStore registry, CancellationToken ct)
    {
        var read = PlatformTraceCode.Validate(code);
        if (!read.IsValid)
        {
            return Problems.BadRequest(read.Reason!, "/path/code");
        }
        return await registry.IssuerOfAsync(read.Code!.Digits, ct) is { } issuer
            ? TypedResults.Ok(issuer)
            : Problems.NotFound($"trace code {read.Code.Display} was not issued by this platform", "/path/code");
    }

    // ---- directory ----

    private static async Task<IResult> Directory(string? department, string? q, string? region, string? nodeType, string? category, int? page, int? pageSize, string? format,
        HttpRequest request, RegistryStore registry, TimeProvider clock, CancellationToken ct)
    {
        if (department is not null && Departments.Find(department) is null)
        {
            return Problems.BadRequest($"unknown department '{department}'; one of: {string.Join(", ", Departments.All.Select(d => d.Code))}", "/query/department");
        }
        var csv = format == "csv" || (format is null && request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase));
        if (format is not (null or "csv" or "json"))
        {
            return Problems.BadRequest("format is json or csv", "/query/format");
        }
        var (filter, refusal) = Filter(department, q, region, nodeType, category, csv ? null : page, csv ? null : pageSize);
        if (refusal is not null)
        {
            return refusal;
        }
        if (csv)
        {
            filter = filter! with { Offset = 0, Limit = 100_000 };
        }
        var result = await registry.SearchAsync(filter!, ct);
        var today = EnterpriseRules.Today(clock);
        var items = result.Items.Select(e => EnterpriseView.From(e, today, fullContacts: false)).ToList();
        return csv
            ? TypedResults.File(Csv(items), "text/csv; charset=utf-8", $"directory-{department ?? "all"}-{today:yyyyMMdd}.csv")
            : TypedResults.Ok(new EnterpriseListView(items, result.Total, page ?? 1, filter!.Limit));
    }

    /// <summary>UTF-8 with a byte order mark so that spreadsheet programs read the Chinese names.</summary>
    private static byte[] Csv(IReadOnlyList<EnterpriseView> items)
    {
        var text = new StringBuilder();
        text.AppendLine("统一社会信用代码 uscc,名称 name,区划 region,区划名称 region_name,主体码 subject_code,节点类型 node_types,追溯品类 categories,许可证状态 licence_status,许可证 licences");
        foreach (var e in items)
        {
            string[] cells =
            [
                e.Uscc, e.Name, e.Region, e.RegionName, e.SubjectCode ?? "", string.Join(';', e.NodeTypes), string.Join(';', e.Categories), e.LicenceStatus,
                string.Join(';', e.Licences.Select(l => $"{l.Kind} {l.Number} {l.ValidUntil:yyyy-MM-dd} {l.Status}")),
            ];
            text.AppendLine(string.Join(',', cells.Select(CsvCell)));
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string CsvCell(string value)
    {
        // A leading = + - @ would make a spreadsheet evaluate the cell.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    // ---- catalogue ----

    private static async Task<Results<Ok<IReadOnlyList<CatalogueEntry>>, ProblemHttpResult>> CatalogueList(string? category, string? department, string? listing, RegistryStore registry, CancellationToken ct)
    {
        if (category is not null && Categories.Find(category) is null)
        {
            return Problems.BadRequest($"unknown category '{category}'", "/query/category");
        }
        if (department is not null && Departments.Find(department) is null)
        {
            return Problems.BadRequest($"unknown department '{department}'", "/query/department");
        }
        if (listing is not null && !CatalogueListings.All.Contains(listing))
        {
            return Problems.BadRequest($"listing is one of {string.Join(", ", CatalogueListings.All)}", "/query/listing");
        }
        return TypedResults.Ok(await registry.ListCatalogueAsync(category, department, listing, ct: ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<CatalogueEntry>>, ProblemHttpResult>> CatalogueByGtin(string gtin, RegistryStore registry, CancellationToken ct)
    {
        var check = Gs1Key.ValidateGtin(gtin);
        if (!check.IsValid)
        {
            return Problems.BadRequest(check.Reason!, "/path/gtin");
        }
        var entries = await registry.ListCatalogueAsync(gtin: Gs1Key.ToGtin14(gtin), ct: ct);
        return entries.Count > 0 ? TypedResults.Ok(entries) : Problems.NotFound($"GTIN {gtin} is not in the catalogue", "/path/gtin");
    }

    private static async Task<Results<Ok<CatalogueEntry>, ProblemHttpResult>> CatalogueGet(long id, RegistryStore registry, CancellationToken ct) =>
        await registry.GetCatalogueAsync(id, ct) is { } entry ? TypedResults.Ok(entry) : Problems.NotFound($"no catalogue entry {id}", "/path/id");

    private static async Task<Results<Created<CatalogueEntry>, ProblemHttpResult>> CatalogueAdd(CatalogueInput? input, RegistryStore registry, CancellationToken ct)
    {
        var (entry, refusal) = ReadCatalogue(input);
        if (refusal is not null)
        {
            return refusal;
        }
        var added = await registry.AddCatalogueAsync(entry!, Regions.Nantong, ct);
        return TypedResults.Created($"/api/catalogue/{added.Id}", added);
    }

    private static async Task<Results<Ok<CatalogueEntry>, ProblemHttpResult>> CatalogueUpdate(long id, CatalogueInput? input, RegistryStore registry, CancellationToken ct)
    {
        var (entry, refusal) = ReadCatalogue(input);
        if (refusal is not null)
        {
            return refusal;
        }
        return await registry.UpdateCatalogueAsync(id, entry!, Regions.Nantong, ct) is { } updated
            ? TypedResults.Ok(updated)
            : Problems.NotFound($"no catalogue entry {id}", "/path/id");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CatalogueDelete(long id, RegistryStore registry, CancellationToken ct) =>
        await registry.DeleteCatalogueAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound($"no catalogue entry {id}", "/path/id");

    internal static (NewCatalogueEntry? Entry, ProblemHttpResult? Refusal) ReadCatalogue(CatalogueInput? input)
    {
        if (input is null)
        {
            return (null, Problems.BadRequest("the body must be a JSON object describing the catalogue entry", ""));
        }
        if (input.Category is null || Categories.Find(input.Category) is not { } category)
        {
            return (null, Problems.BadRequest($"unknown category '{input.Category}'; one of: {string.Join(", ", Categories.All.Select(c => c.Code))}", "/category"));
        }
        var department = input.Department ?? category.Departments[0];
        if (Departments.Find(department) is null || !category.Departments.Contains(department))
        {
            return (null, Problems.BadRequest($"department '{department}' does not regulate {category.Code}; one of: {string.Join(", ", category.Departments)}", "/department"));
        }
        var listing = input.Listing ?? CatalogueListings.Local;
        if (!CatalogueListings.All.Contains(listing))
        {
            return (null, Problems.BadRequest($"listing is one of {string.Join(", ", CatalogueListings.All)}", "/listing"));
        }
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 200)
        {
            return (null, Problems.BadRequest("a catalogue entry needs a product name, at most 200 characters", "/name"));
        }
        string? gtin = null;
        if (input.Gtin is not null)
        {
            var check = Gs1Key.ValidateGtin(input.Gtin.Trim());
            if (!check.IsValid)
            {
                return (null, Problems.BadRequest(check.Reason!, "/gtin"));
            }
            gtin = Gs1Key.ToGtin14(input.Gtin.Trim());
        }
        return (new NewCatalogueEntry(category.Code, department, listing, input.Name.Trim(), gtin), null);
    }

    // ---- shared ----

    private static (EnterpriseFilter? Filter, ProblemHttpResult? Refusal) Filter(string? department, string? q, string? region, string? nodeType, string? category, int? page, int? pageSize)
    {
        if (region is not null && !Regions.Read(region).IsValid)
        {
            return (null, Problems.BadRequest(Regions.Read(region).Reason!, "/query/region"));
        }
        if (nodeType is not null && NodeTypes.Find(nodeType) is null)
        {
            return (null, Problems.BadRequest($"unknown node type '{nodeType}'; one of: {string.Join(", ", NodeTypes.All.Select(n => n.Code))}", "/query/nodeType"));
        }
        if (category is not null && Categories.Find(category) is null)
        {
            return (null, Problems.BadRequest($"unknown category '{category}'; one of: {string.Join(", ", Categories.All.Select(c => c.Code))}", "/query/category"));
        }
        if (page is < 1)
        {
            return (null, Problems.BadRequest("page counts from 1", "/query/page"));
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            return (null, Problems.BadRequest($"pageSize is between 1 and {MaxPageSize}", "/query/pageSize"));
        }
        if (q is { Length: > 200 })
        {
            return (null, Problems.BadRequest("q is longer than 200 characters", "/query/q"));
        }
        var size = pageSize ?? 50;
        IReadOnlyList<string>? departmentCategories = department is null ? null
            : [.. Categories.All.Where(c => c.Departments.Contains(department)).Select(c => c.Code)];
        return (new EnterpriseFilter(q, region is null ? null : Regions.Read(region).Code, nodeType, category, departmentCategories, ((page ?? 1) - 1) * size, size), null);
    }

    private static ProblemHttpResult Refused(Refusal refusal)
    {
        var extensions = new Dictionary<string, object?> { ["pointer"] = refusal.Pointer };
        if (refusal.Expected is not null)
        {
            extensions["expectedCheckCharacter"] = refusal.Expected;
        }
        return TypedResults.Problem(detail: refusal.Detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
            type: "https://www.rfc-editor.org/rfc/rfc9110#status.400", extensions: extensions);
    }

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        if (text is null)
        {
            day = fallback;
            return true;
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
