using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Suyuan.Storage.Lineage;

namespace Suyuan.Features.Recall;

/// <summary>One row of the FSMA 204 sortable spreadsheet: a critical tracking event of one traceability lot.</summary>
internal sealed record FsmaRecord(string Tlc, double? Quantity, string? Unit, string ProductDescription, string? ShipFrom, string? ShipTo, string Date,
    string? TlcSource, string? ReferenceDocumentType, string? ReferenceDocumentNumber, string EventType, string? BizStep, string EventId, string? Container);

/// <summary>The FSMA 204 records of a trace (21 CFR 1 subpart S key data elements) as rows, CSV (UTF-8 with BOM) and XLSX, headers in Chinese then English.</summary>
internal static class FsmaRecords
{
    public static readonly (string Chinese, string English)[] Headers =
    [
        ("追溯批次代码", "Traceability lot code (TLC)"),
        ("数量", "Quantity"),
        ("单位", "Unit of measure"),
        ("产品描述", "Product description"),
        ("发货地点", "Ship-from location"),
        ("收货地点", "Ship-to location"),
        ("日期", "Date"),
        ("批次代码来源", "TLC source"),
        ("参考单据类型", "Reference document type"),
        ("参考单据号", "Reference document number"),
        ("事件类型", "Event type"),
        ("业务步骤", "Business step"),
        ("事件标识", "Event ID"),
        ("容器", "Container"),
    ];

    public static IReadOnlyList<FsmaRecord> From(TraceResult r)
    {
        var lotOf = StockLedger.LotsOfItems(r);
        string Tlc(TraceSubject s) => lotOf.GetValueOrDefault(s.Id, s.Id);
        // The TLC source: where the lot code was assigned (the event that created it: commissioning ADD or transformation output).
        var sources = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in r.Events)
        {
            foreach (var s in e.Subjects.Where(s => s.Via is null && (s.Role == "output" || (e.Event.Type == "ObjectEvent" && e.Event.Action == "ADD"))))
            {
                sources.TryAdd(Tlc(s), e.Event.BizLocation);
            }
        }
        var rows = new List<FsmaRecord>();
        foreach (var e in r.Events)
        {
            var info = e.Event;
            var shipping = info.BizStep is "shipping" or "departing";
            var from = info.Sources.FirstOrDefault(p => p.Type == "location")?.Id ?? (shipping ? info.BizLocation : null);
            var to = info.Destinations.FirstOrDefault(p => p.Type == "location")?.Id ?? (shipping ? null : info.BizLocation);
            var document = info.BizTransactions.FirstOrDefault();
            foreach (var s in e.Subjects.DistinctBy(s => (s.Id, s.Via)))
            {
                var tlc = Tlc(s);
                var instance = IdentifierKinds.Of(s.Id) is not ("lot" or "product");
                rows.Add(new FsmaRecord(tlc, s.Quantity ?? (instance ? 1 : null), s.Quantity is null ? (instance ? "EA" : null) : s.Uom, Description(tlc), from, to,
                    info.Time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), sources.GetValueOrDefault(tlc),
                    document?.Type, document?.Id, CriticalTrackingEvent(info), info.BizStep, info.EventId, s.Via));
            }
        }
        return rows.OrderBy(x => x.Date, StringComparer.Ordinal).ThenBy(x => x.Tlc, StringComparer.Ordinal).ThenBy(x => x.EventId, StringComparer.Ordinal).ToList();
    }

    /// <summary>No product master data yet: the GTIN stands in until a product registry supplies the description.</summary>
    private static string Description(string tlc) => IdentifierKinds.Gtin(tlc) is { } gtin ? "GTIN " + gtin : IdentifierKinds.Of(tlc);

    private static string CriticalTrackingEvent(LineageEvent e) => e.Type == "TransformationEvent" ? "transformation" : e.BizStep switch
    {
        "shipping" or "departing" => "shipping",
        "receiving" or "arriving" or "accepting" => "receiving",
        "harvesting" => "harvesting",
        "cooling" => "cooling",
        "commissioning" or "creating_class_instance" => "initial packing",
        "packing" => "packing",
        "unpacking" => "unpacking",
        _ => e.Type,
    };

    private static string?[] Cells(FsmaRecord x) =>
    [
        x.Tlc, x.Quantity?.ToString(CultureInfo.InvariantCulture), x.Unit, x.ProductDescription, x.ShipFrom, x.ShipTo, x.Date, x.TlcSource,
        x.ReferenceDocumentType, x.ReferenceDocumentNumber, x.EventType, x.BizStep, x.EventId, x.Container,
    ];

    /// <summary>RFC 4180 CSV in UTF-8 with a byte order mark, so Excel reads the Chinese headers correctly.</summary>
    public static byte[] Csv(IReadOnlyList<FsmaRecord> rows)
    {
        var text = new StringBuilder();
        void Line(IEnumerable<string?> cells) => text.Append(string.Join(',', cells.Select(Quote))).Append("\r\n");
        Line(Headers.Select(h => h.Chinese));
        Line(Headers.Select(h => h.English));
        foreach (var row in rows)
        {
            Line(Cells(row));
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>One worksheet: two header rows (Chinese, English) then one row per record; quantities are numbers.</summary>
    public static byte[] Xlsx(IReadOnlyList<FsmaRecord> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, Headers.Select(h => h.Chinese).ToArray()));
            data.Append(Row(2, Headers.Select(h => h.English).ToArray()));
            var index = 3u;
            foreach (var record in rows)
            {
                data.Append(Row(index++, Cells(record), numericColumn: 1));
            }
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "FSMA 204" }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row(uint index, string?[] values, int numericColumn = -1)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < values.Length; c++)
        {
            var reference = ColumnName(c) + index.ToString(CultureInfo.InvariantCulture);
            if (values[c] is not { } value)
            {
                continue;
            }
            row.Append(c == numericColumn
                ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(value) }
                : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) });
        }
        return row;
    }

    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);
}
