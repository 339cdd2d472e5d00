using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Suyuan.Tests.Http;

namespace Suyuan.Tests.Recording;

/// <summary>Spreadsheet recording: templates downloaded, filled and uploaded as .xlsx and .csv; a bad row stops the whole file.</summary>
public sealed class RecordingUploadTests
{
    private const string Stall = "urn:epc:id:sgln:6923456.00009.0";

    public static TheoryData<string, string> ProvidersAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in TestDatabases.Providers())
        {
            data.Add(provider, "xlsx");
            data.Add(provider, "csv");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task FilledTemplateRoundTripsIntoStoredEvents(string provider, string format)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var template = await server.Client.GetByteArrayAsync($"api/record/stall-purchase/template.{format}");
        var rows = new[]
        {
            Row("3", "kg", "白菜", "JY-0001"),
            Row("7.5", "jin", "萝卜", "JY-0002"),
            Row("12", "kg", "青椒", "JY-0003"),
        };

        var response = await UploadAsync(server.Client, "stall-purchase", Fill(template, format, rows), format, multipart: format == "xlsx");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var accepted = JsonDocument.Parse(text).RootElement;
        Assert.Equal(1, accepted.GetProperty("exampleRowsSkipped").GetInt32());
        Assert.Equal([4, 5, 6], accepted.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()));
        var job = await RecordingClient.WaitForJobAsync(server.Client, response.Headers.Location!.ToString());
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        Assert.Equal(3, job.GetProperty("eventsStored").GetInt32());
        var events = accepted.GetProperty("events").EnumerateArray().ToList();
        var second = await RecordingClient.EventAsync(server.Client, events[1].GetProperty("eventID").GetString()!);
        Assert.Equal(3.75m, second.GetProperty("quantityList")[0].GetProperty("quantity").GetDecimal());
        Assert.Equal("萝卜", RecordingClient.Find(second, "commodity"));
        Assert.Equal("JY-0002", RecordingClient.Find(second, "voucherNumber"));
        Assert.Equal(3, (await RecordingClient.EventsAtAsync(server.Client, Stall)).Count);
    }

    [Theory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task TemplateWithOneBadRowReportsThatRowAndFieldAndStoresNothing(string provider, string format)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var template = await server.Client.GetByteArrayAsync($"api/record/stall-purchase/template.{format}");
        var file = Fill(template, format,
        [
            Row("3", "kg", "白菜", "JY-0001"),
            Row("-1", "kg", "萝卜", "JY-0002"),
            Row("12", "kg", "青椒", "JY-0003"),
        ]);

        var response = await UploadAsync(server.Client, "stall-purchase", file, format, multipart: format == "csv");

        Assert.Equal("/weightKg", await QueryInterface.ProblemAsync(response, HttpStatusCode.BadRequest));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(5, error.GetProperty("row").GetInt32());
        Assert.Equal("weightKg", error.GetProperty("field").GetString());
        Assert.Equal(5, problem.GetProperty("row").GetInt32());

        var report = await UploadAsync(server.Client, "stall-purchase?report=csv", file, format, multipart: false);
        Assert.Equal(HttpStatusCode.BadRequest, report.StatusCode);
        Assert.Equal("text/csv", report.Content.Headers.ContentType?.MediaType);
        var lines = RecordingClient.Utf8(await report.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("5,weightKg,", lines[1]);

        Assert.Empty(await RecordingClient.EventsAtAsync(server.Client, Stall));
        var jobs = JsonDocument.Parse(await server.Client.GetStringAsync("capture")).RootElement;
        Assert.Equal(0, jobs.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task TemplatesHaveChineseHeadersFieldNamesAndAnExampleRow(string provider, string format)
    {
        await using var server = await PlatformServer.StartAsync(provider);

        var template = await server.Client.GetByteArrayAsync($"api/record/farm-harvest/template.{format}");

        var rows = format == "csv" ? CsvRows(template) : XlsxRows(template);
        Assert.Equal(3, rows.Count);
        Assert.Contains("合格证编号*", rows[0]);
        // The weight is required in kg or in 斤: both columns say so.
        Assert.Contains("数量（重量）（公斤）*二选一", rows[0]);
        Assert.Contains("数量（重量）（斤）*二选一", rows[0]);
        Assert.Equal(["note", "location", "certificateNumber", "product", "weightKg", "weightJin"], rows[1].Take(6));
        Assert.Equal(rows[1].Count, rows[2].Count);
        Assert.StartsWith("示例", rows[2][0]);
    }

    [Theory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task UploadsThatAreNotTemplatesAreRefusedNamingWhatIsWrong(string provider, string format)
    {
        await using var server = await PlatformServer.StartAsync(provider);

        var empty = await UploadAsync(server.Client, "stall-sale", [], format, multipart: false);
        var noHeader = await UploadAsync(server.Client, "stall-sale", Encoding.UTF8.GetBytes("a,b\r\n1,2\r\n"), "csv", multipart: false);
        var wrongColumn = await UploadAsync(server.Client, "stall-sale", Encoding.UTF8.GetBytes("location,colour\r\nx,red\r\n"), "csv", multipart: false);
        var onlyExample = await UploadAsync(server.Client, "stall-sale", await server.Client.GetByteArrayAsync($"api/record/stall-sale/template.{format}"), format, multipart: true);

        Assert.Equal("/file", await QueryInterface.ProblemAsync(empty, HttpStatusCode.BadRequest));
        Assert.Equal("/header", await QueryInterface.ProblemAsync(noHeader, HttpStatusCode.BadRequest));
        Assert.Equal("/header/colour", await QueryInterface.ProblemAsync(wrongColumn, HttpStatusCode.BadRequest));
        Assert.Equal("/rows", await QueryInterface.ProblemAsync(onlyExample, HttpStatusCode.BadRequest));
        if (format == "xlsx")
        {
            // A workbook whose sheet is not well-formed XML, or declares a DTD: the file's fault, said so.
            foreach (var sheet in new[] { "<worksheet><sheetData>", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><worksheet>&e;</worksheet>" })
            {
                var broken = WithSheet(await server.Client.GetByteArrayAsync("api/record/stall-sale/template.xlsx"), sheet);
                Assert.Equal("/file", await QueryInterface.ProblemAsync(await UploadAsync(server.Client, "stall-sale", broken, format, multipart: true), HttpStatusCode.BadRequest));
            }
        }
    }

    /// <summary>The workbook with its first sheet's XML replaced.</summary>
    private static byte[] WithSheet(byte[] workbook, string xml)
    {
        using var copy = new MemoryStream();
        copy.Write(workbook);
        using (var zip = new System.IO.Compression.ZipArchive(copy, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml);
        }
        return copy.ToArray();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CsvSavedByChineseExcelInGb18030IsRead(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var template = RecordingClient.Utf8(await server.Client.GetByteArrayAsync("api/record/stall-purchase/template.csv"));
        var filled = Encoding.UTF8.GetBytes(template);
        filled = Fill(filled, "csv", [Row("2", "kg", "韭菜", "JY-0009")]);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb18030 = Encoding.GetEncoding("GB18030").GetBytes(RecordingClient.Utf8(filled));

        var response = await UploadAsync(server.Client, "stall-purchase", gb18030, "csv", multipart: true);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var job = await RecordingClient.WaitForJobAsync(server.Client, response.Headers.Location!.ToString());
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        var id = JsonDocument.Parse(text).RootElement.GetProperty("events")[0].GetProperty("eventID").GetString()!;
        Assert.Equal("韭菜", RecordingClient.Find(await RecordingClient.EventAsync(server.Client, id), "commodity"));
    }

    public static TheoryData<string> Providers() => TestDatabases.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UploadBoxOnTheFormPageShowsTheAcceptedRowsOrTheRowErrors(string provider)
    {
        await using var server = await PlatformServer.StartAsync(provider);
        var template = await server.Client.GetByteArrayAsync("api/record/stall-purchase/template.xlsx");
        var good = Fill(template, "xlsx", [Row("3", "kg", "白菜", "JY-0001"), Row("4", "jin", "萝卜", "JY-0002")]);
        var withoutVoucher = Row("4", "jin", "萝卜", "JY-0002");
        withoutVoucher.Remove("voucherNumber");
        var bad = Fill(template, "xlsx", [Row("3", "kg", "白菜", "JY-0001"), withoutVoucher]);

        using var refused = await PostPageAsync(server.Client, bad);
        using var accepted = await PostPageAsync(server.Client, good);

        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<tr><td>5</td><td>voucherNumber</td><td>请填写凭证号</td></tr>", refusedHtml);
        var acceptedHtml = await accepted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Contains("已接收 2 条记录", acceptedHtml);
        var location = System.Text.RegularExpressions.Regex.Match(acceptedHtml, "href=\"(/capture/[0-9a-f]+)\"").Groups[1].Value;
        var job = await RecordingClient.WaitForJobAsync(server.Client, location);
        Assert.Equal(2, job.GetProperty("eventsStored").GetInt32());
    }

    private static async Task<HttpResponseMessage> PostPageAsync(HttpClient client, byte[] xlsx)
    {
        var body = new ByteArrayContent(xlsx);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var form = new MultipartFormDataContent { { body, "file", "records.xlsx" } };
        return await client.PostAsync("record/stall-purchase/upload", form);
    }

    /// <summary>A stall-purchase row by field name; the weight goes into the kg or the 斤 column.</summary>
    private static Dictionary<string, string> Row(string weight, string unit, string commodity, string voucher) => new()
    {
        ["location"] = Stall,
        ["traceCode"] = "urn:epc:class:lgtin:6923456.000001.B" + voucher[^4..],
        ["supplier"] = "南通江海农副产品批发市场王记蔬菜",
        ["commodity"] = commodity,
        [unit == "jin" ? "weightJin" : "weightKg"] = weight,
        ["voucherKind"] = "交易凭证",
        ["voucherNumber"] = voucher,
    };

    /// <summary>Fills the downloaded template the way a person would: rows appended under the example, cells under their field names.</summary>
    private static byte[] Fill(byte[] template, string format, IReadOnlyList<Dictionary<string, string>> rows)
    {
        if (format == "csv")
        {
            var names = CsvRows(template)[1];
            var b = new StringBuilder(RecordingClient.Utf8(template));
            foreach (var row in rows)
            {
                b.AppendJoin(',', names.Select(n => Quote(row.GetValueOrDefault(n, "")))).Append("\r\n");
            }
            return Encoding.UTF8.GetBytes(b.ToString());
        }
        using var stream = new MemoryStream();
        stream.Write(template);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var part = document.WorkbookPart!.WorksheetParts.First();
            var data = part.Worksheet.GetFirstChild<SheetData>()!;
            var names = XlsxRows(template)[1];
            var number = 4u;
            foreach (var row in rows)
            {
                var r = new Row { RowIndex = number };
                for (var c = 0; c < names.Count; c++)
                {
                    if (row.GetValueOrDefault(names[c]) is not { } value)
                    {
                        continue; // an empty cell is absent, as spreadsheet programs save it
                    }
                    var reference = (char)('A' + c) + number.ToString(CultureInfo.InvariantCulture);
                    r.Append(decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
                        ? new Cell { CellReference = reference, CellValue = new CellValue(value), DataType = CellValues.Number }
                        : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) });
                }
                data.Append(r);
                number++;
            }
            part.Worksheet.Save();
        }
        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string action, byte[] file, string format, bool multipart)
    {
        var path = "api/record/" + (action.Contains('?') ? action.Replace("?", "/upload?", StringComparison.Ordinal) : action + "/upload");
        var mediaType = format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
        var body = new ByteArrayContent(file);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        if (!multipart)
        {
            return await client.PostAsync(path, body);
        }
        using var form = new MultipartFormDataContent { { body, "file", "records." + format } };
        return await client.PostAsync(path, form);
    }

    private static List<List<string>> CsvRows(byte[] csv) =>
        [.. RecordingClient.Utf8(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => Suyuan.Features.Recording.RecordSheets.ReadCsv(line).Single().Item2)];

    private static List<List<string>> XlsxRows(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        var data = document.WorkbookPart!.WorksheetParts.First().Worksheet.GetFirstChild<SheetData>()!;
        return [.. data.Elements<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList())];
    }

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
