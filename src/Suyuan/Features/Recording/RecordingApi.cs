using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Core.Epcis.Json;
using Suyuan.Features.Capture;
using Suyuan.Hosting;
using Suyuan.Hosting.Access;

namespace Suyuan.Features.Recording;

/// <summary>
/// Simple recording for enterprises without an ERP: per action a JSON API, a phone form and a spreadsheet template/upload,
/// all of them producing EPCIS 2.0 events through the capture service.
/// </summary>
internal static class RecordingApi
{
    private const int JsonBodyLimit = 64 * 1024;
    private const string LangCookie = "sy-lang";

    public static IEndpointRouteBuilder MapRecordingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/record").WithTags("Recording");
        api.MapGet("", () => TypedResults.Ok(RecordActions.All.Select(ActionView.Of))).WithSummary("The recording actions and their fields");
        api.MapPost("/{name}", Record).Accepts<Dictionary<string, object>>("application/json")
            .WithSummary("Record one action (stall-purchase, stall-sale, farm-harvest, pesticide-sale, pharmacy-dispense, meat-dispatch, wine-import, food-batch): 201 with the eventID and any trace code");
        api.MapGet("/{name}/template.xlsx", (string name) => Template(name, "xlsx")).WithSummary("Spreadsheet template (.xlsx): Chinese headers, field names below, one example row");
        api.MapGet("/{name}/template.csv", (string name) => Template(name, "csv")).WithSummary("Spreadsheet template (.csv, UTF-8)");
        api.MapPost("/{name}/upload", UploadApi)
            .WithSummary("Upload a filled template (.xlsx or .csv, multipart or raw): every row checked first, all rows or none; 202 with the capture job to poll; ?report=csv for the row errors as CSV");

        var pages = app.MapGroup("/record").ExcludeFromDescription();
        pages.MapGet("", (HttpContext http) => Html(RecordingPages.Index(Language(http))));
        pages.MapGet("/{name}", (string name, HttpContext http) => RecordActions.Find(name) is { } action
            ? Html(RecordingPages.Form(action, Language(http), new Dictionary<string, string>(), [], null))
            : UnknownForm(name, http));
        pages.MapPost("/{name}", Submit);
        pages.MapPost("/{name}/upload", UploadPage);
        return app;
    }

    private static async Task<Results<Created<RecordResult>, ProblemHttpResult>> Record(string name, HttpContext http, CaptureService capture, CancellationToken ct)
    {
        if (RecordActions.Find(name) is not { } action)
        {
            return UnknownAction(name);
        }
        var (raw, problem) = await ReadJsonAsync(http.Request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var known = action.AllFields.SelectMany(f => f.JinName is { } jin ? new[] { f.Name, jin } : [f.Name]).ToHashSet(StringComparer.Ordinal);
        if (raw!.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            // A misspelt optional field would otherwise vanish without a word.
            return Problems.BadRequest($"'{unknown}' is not a field of '{action.Name}'; its fields: {string.Join(", ", known)}", "/" + unknown);
        }
        var recorder = new Recorder(capture);
        var (recorded, errors) = await recorder.PrepareAsync(action, http, raw);
        if (errors.Count > 0)
        {
            return FieldProblem(errors);
        }
        var (result, refused) = await recorder.CaptureAsync(action, recorded!, ct);
        return refused ?? (Results<Created<RecordResult>, ProblemHttpResult>)TypedResults.Created("/events/" + Uri.EscapeDataString(result!.EventID), result);
    }

    private static async Task<IResult> Submit(string name, HttpContext http, CaptureService capture, CancellationToken ct)
    {
        var en = Language(http);
        if (RecordActions.Find(name) is not { } action)
        {
            return UnknownForm(name, http);
        }
        if (!http.Request.HasFormContentType)
        {
            return Problems.UnsupportedMediaType("the form is posted as application/x-www-form-urlencoded; send JSON to /api/record/" + name);
        }
        var form = await http.Request.ReadFormCheckedAsync(ct);
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            raw[key] = value.ToString();
        }
        var input = FromForm(action, raw);
        var recorder = new Recorder(capture);
        var (recorded, errors) = await recorder.PrepareAsync(action, http, input);
        if (errors.Count > 0)
        {
            return Html(RecordingPages.Form(action, en, raw, errors, null), StatusCodes.Status400BadRequest);
        }
        var (result, refused) = await recorder.CaptureAsync(action, recorded!, ct);
        if (refused is not null)
        {
            return refused;
        }
        // Keep the location for the next record: a stall records many sales in a row.
        var next = new Dictionary<string, string> { [RecordingActor.LocationField] = raw.GetValueOrDefault(RecordingActor.LocationField, "") };
        return Html(RecordingPages.Form(action, en, next, [], new RecordingPages.Success(result!, recorded!.Values, action)));
    }

    /// <summary>The form posts a number and a unit per weight or price; the unit picks the field's kg or 斤 name.</summary>
    internal static Dictionary<string, string> FromForm(RecordAction action, Dictionary<string, string> raw)
    {
        var input = new Dictionary<string, string>(raw, StringComparer.Ordinal);
        foreach (var field in action.Fields.Where(f => f.JinName is not null))
        {
            if (raw.GetValueOrDefault(RecordingPages.UnitKey(field)) == "jin" && input.Remove(field.Name, out var value))
            {
                input[field.JinName!] = value;
            }
        }
        return input;
    }

    private static IResult Template(string name, string format)
    {
        if (RecordActions.Find(name) is not { } action)
        {
            return UnknownAction(name);
        }
        return format == "xlsx"
            ? TypedResults.File(RecordSheets.TemplateXlsx(action), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"suyuan-{name}.xlsx")
            : TypedResults.File(RecordSheets.TemplateCsv(action), "text/csv; charset=utf-8", $"suyuan-{name}.csv");
    }

    /// <summary>A row's error: the spreadsheet row number, the field (column name in row 2) and the message in both languages.</summary>
    internal sealed record RowError(int Row, string Field, string Pointer, string Message, string MessageZh);

    internal sealed record RowEvent(int Row, string EventID, string? TraceCode);

    internal sealed record UploadAccepted(string CaptureID, string Location, int Rows, int ExampleRowsSkipped, IReadOnlyList<RowEvent> Events);

    /// <summary>The outcome of an upload: accepted (a capture job), refused by row errors, or refused as a whole file.</summary>
    internal sealed record UploadOutcome(UploadAccepted? Accepted, IReadOnlyList<RowError> RowErrors, ProblemHttpResult? Problem);

    private static async Task<IResult> UploadApi(string name, HttpContext http, CaptureService capture, ServeOptions options, string? report, CancellationToken ct)
    {
        if (RecordActions.Find(name) is not { } action)
        {
            return UnknownAction(name);
        }
        var outcome = await UploadAsync(action, http, capture, options, ct);
        if (outcome.Problem is { } problem)
        {
            return problem;
        }
        if (outcome.RowErrors.Count > 0)
        {
            var wantsCsv = report == "csv" || http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);
            return wantsCsv ? new ErrorReport(ErrorReportCsv(outcome.RowErrors), $"suyuan-{name}-errors.csv") : RowProblem(outcome.RowErrors);
        }
        var accepted = outcome.Accepted!;
        return TypedResults.Accepted(accepted.Location, accepted);
    }

    private static async Task<IResult> UploadPage(string name, HttpContext http, CaptureService capture, ServeOptions options, CancellationToken ct)
    {
        var en = Language(http);
        if (RecordActions.Find(name) is not { } action)
        {
            return UnknownForm(name, http);
        }
        var outcome = await UploadAsync(action, http, capture, options, ct);
        var status = outcome.Accepted is null ? StatusCodes.Status400BadRequest : StatusCodes.Status202Accepted;
        return Html(RecordingPages.Upload(action, en, outcome), status);
    }

    internal static async Task<UploadOutcome> UploadAsync(RecordAction action, HttpContext http, CaptureService capture, ServeOptions options, CancellationToken ct)
    {
        var request = http.Request;
        byte[] content;
        using (var buffer = new MemoryStream())
        {
            Stream source = request.Body;
            IFormCollection? form = null;
            if (request.HasFormContentType)
            {
                form = await request.ReadFormCheckedAsync(ct);
                if ((form.Files.GetFile("file") ?? form.Files.FirstOrDefault()) is not { } file)
                {
                    return new(null, [], Problems.BadRequest("the multipart form has no file; send the filled template as the 'file' part", "/file"));
                }
                source = file.OpenReadStream();
            }
            await using (source)
            {
                var chunk = new byte[1 << 16];
                int read;
                while ((read = await source.ReadAsync(chunk, ct)) > 0)
                {
                    if (buffer.Length + read > options.CaptureFileSizeLimit)
                    {
                        return new(null, [], Problems.TooLarge($"the file is larger than {options.CaptureFileSizeLimit} bytes; split it", "/file"));
                    }
                    buffer.Write(chunk, 0, read);
                }
            }
            content = buffer.ToArray();
        }
        if (content.Length == 0)
        {
            return new(null, [], Problems.BadRequest("the upload is empty: send the filled template (.xlsx or .csv)", "/file"));
        }
        var sheet = RecordSheets.Read(action, content);
        if (sheet.Problem is not null)
        {
            return new(null, [], Problems.BadRequest(sheet.Problem, sheet.ProblemPointer!));
        }
        if (sheet.Rows.Count == 0)
        {
            return new(null, [], Problems.BadRequest("the file has no rows to record below the header (the example row is not recorded)", "/rows"));
        }
        var recorder = new Recorder(capture);
        var events = new List<RecordedEvent>(sheet.Rows.Count);
        var rowErrors = new List<RowError>();
        foreach (var row in sheet.Rows)
        {
            var (recorded, errors) = await recorder.PrepareAsync(action, http, row.Cells);
            rowErrors.AddRange(errors.Select(e => new RowError(row.Number, e.Field, e.Pointer, e.En, e.Zh)));
            if (recorded is not null)
            {
                events.Add(recorded);
            }
        }
        if (rowErrors.Count > 0)
        {
            return new(null, rowErrors, null);
        }
        var acceptance = await recorder.CaptureDocumentAsync(events, ct, () => http.AuditNowAsync(StatusCodes.Status202Accepted), http.Actor().Enterprise);
        if (acceptance.Problem is { } refused)
        {
            return new(null, [], refused);
        }
        var job = acceptance.Job!;
        var rows = sheet.Rows.Zip(events, (row, e) => new RowEvent(row.Number, e.EventId, e.IssuedCode)).ToList();
        return new(new UploadAccepted(job.Id, "/capture/" + Uri.EscapeDataString(job.Id), rows.Count, sheet.ExampleRowsSkipped, rows), [], null);
    }

    internal static byte[] ErrorReportCsv(IReadOnlyList<RowError> errors)
    {
        var b = new StringBuilder("行 row,字段 field,问题,message\r\n");
        foreach (var e in errors)
        {
            b.Append(e.Row.ToString(CultureInfo.InvariantCulture)).Append(',').Append(RecordSheets.Quote(e.Field)).Append(',')
                .Append(RecordSheets.Quote(e.MessageZh)).Append(',').Append(RecordSheets.Quote(e.Message)).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(b.ToString())];
    }

    /// <summary>The JSON body as field → text: strings as they are, numbers as written, booleans as true/false.</summary>
    private static async Task<(Dictionary<string, string>? Raw, ProblemHttpResult? Problem)> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > JsonBodyLimit)
        {
            return (null, Problems.TooLarge($"a record is at most {JsonBodyLimit} bytes", ""));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > JsonBodyLimit)
            {
                return (null, Problems.TooLarge($"a record is at most {JsonBodyLimit} bytes", ""));
            }
            buffer.Write(chunk, 0, read);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest("the body is not JSON: " + e.Message, ""));
        }
        using (doc)
        {
            if (JsonTextCheck.FindInvalid(doc.RootElement) is { } invalid)
            {
                return (null, Problems.BadRequest(JsonTextCheck.Describe(invalid, "the body"), invalid));
            }
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.BadRequest("the body is one JSON object of fields, e.g. {\"location\": \"…\", \"weightKg\": 2.5}", ""));
            }
            var raw = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                switch (p.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        raw[p.Name] = p.Value.GetString()!;
                        break;
                    case JsonValueKind.Number:
                        raw[p.Name] = p.Value.GetRawText();
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        raw[p.Name] = p.Value.GetBoolean() ? "true" : "false";
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return (null, Problems.BadRequest($"{p.Name} must be a string, number or boolean", "/" + p.Name));
                }
            }
            return (raw, null);
        }
    }

    private static ProblemHttpResult FieldProblem(IReadOnlyList<FieldError> errors)
    {
        var first = errors[0];
        var extensions = new Dictionary<string, object?>
        {
            ["pointer"] = first.Pointer,
            ["errors"] = errors.Select(e => new { pointer = e.Pointer, field = e.Field, detail = e.En, detailZh = e.Zh }).ToArray(),
        };
        return TypedResults.Problem(detail: $"{first.Pointer}: {first.En}", statusCode: 400, title: "Bad request", type: "https://www.rfc-editor.org/rfc/rfc9110#status.400", extensions: extensions);
    }

    private static ProblemHttpResult RowProblem(IReadOnlyList<RowError> errors)
    {
        var first = errors[0];
        var rows = errors.Select(e => e.Row).Distinct().Count();
        var extensions = new Dictionary<string, object?>
        {
            ["pointer"] = first.Pointer,
            ["row"] = first.Row,
            ["errors"] = errors.Take(1000).Select(e => new { row = e.Row, field = e.Field, pointer = e.Pointer, detail = e.Message, detailZh = e.MessageZh }).ToArray(),
        };
        return TypedResults.Problem(
            detail: $"{rows} row{(rows == 1 ? "" : "s")} with problems; nothing was recorded. First: row {first.Row}, {first.Field}: {first.Message}",
            statusCode: 400, title: "Bad request", type: "https://www.rfc-editor.org/rfc/rfc9110#status.400", extensions: extensions);
    }

    private static ProblemHttpResult UnknownAction(string name) =>
        Problems.NotFound($"no recording action '{name}'; known: {string.Join(", ", RecordActions.All.Select(a => a.Name))}", "/name");

    /// <summary>A form nobody offers: the forms' index with a 404, or a problem naming it to a client that asks for JSON.</summary>
    private static IResult UnknownForm(string name, HttpContext http) => EpcisHeaders.PrefersJson(http.Request.Headers.Accept)
        ? Problems.NotFound($"there is no recording form '{name}'; GET /record lists them", "/name")
        : Html(RecordingPages.Index(Language(http)), StatusCodes.Status404NotFound);

    private static ContentHttpResult Html(string html, int status = StatusCodes.Status200OK) => TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>?lang=en|zh switches and is remembered (the public page's cookie); otherwise the cookie; otherwise Chinese.</summary>
    private static bool Language(HttpContext http)
    {
        var asked = http.Request.Query["lang"].FirstOrDefault()?.Trim().ToLowerInvariant();
        if (asked is "en" or "zh")
        {
            http.Response.Cookies.Append(LangCookie, asked, new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true, Path = "/" });
            return asked == "en";
        }
        return http.Request.Cookies[LangCookie] == "en";
    }

    /// <summary>The row errors as a CSV download, sent as 400: nothing was recorded.</summary>
    private sealed class ErrorReport(byte[] csv, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status400BadRequest;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            response.ContentLength = csv.Length;
            await response.Body.WriteAsync(csv, httpContext.RequestAborted);
        }
    }
}

/// <summary>An action as GET /api/record lists it.</summary>
internal sealed record ActionView(string Name, string Category, string Zh, string En, bool IssuesTraceCode, IReadOnlyList<FieldView> Fields)
{
    public static ActionView Of(RecordAction a) => new(a.Name, a.Category, a.Zh, a.En, a.IssuesTraceCode, [.. a.AllFields.Select(FieldView.Of)]);
}

internal sealed record FieldView(string Name, string? JinName, string Zh, string En, string Kind, bool Required, IReadOnlyList<string> Choices, string Example)
{
    public static FieldView Of(RecordField f) => new(f.Name, f.JinName, f.Zh, f.En, f.Kind.ToString(), f.Required, f.Choices, f.Example);
}
