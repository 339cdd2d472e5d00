using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Suyuan.Features.Recording;

/// <summary>One data row of an uploaded sheet: its row number as the spreadsheet shows it, and its cells by field name.</summary>
internal sealed record SheetRow(int Number, IReadOnlyDictionary<string, string> Cells);

/// <summary>A sheet read, or why it cannot be read (a pointer such as /header and a message).</summary>
internal sealed record SheetRead(IReadOnlyList<SheetRow> Rows, int ExampleRowsSkipped, string? ProblemPointer, string? Problem);

/// <summary>
/// The spreadsheet side of recording: templates (Chinese headers, the field names below them, one example row) and reading
/// uploads back in .xlsx or .csv. Row 1 is for people, row 2 is for the platform: columns are matched by the field names in row 2.
/// </summary>
internal static class RecordSheets
{
    /// <summary>The first column: free notes; a row whose note begins with 示例 is the template's example and is not recorded.</summary>
    public const string NoteColumn = "note";
    public const string ExampleNote = "示例 example（上传前删除或保留均可 · ignored on upload）";

    /// <summary>The template's columns: (Chinese header, field name), weight and price fields twice (kg and 斤).</summary>
    public static IReadOnlyList<(string Zh, string Name, string Example)> Columns(RecordAction action)
    {
        var columns = new List<(string, string, string)> { ("说明", NoteColumn, ExampleNote) };
        foreach (var f in action.AllFields)
        {
            var required = f.Required ? "*" : "";
            if (f.JinName is { } jin)
            {
                var (kg, perJin) = f.Kind == FieldKind.Weight ? ("（公斤）", "（斤）") : ("（元/公斤）", "（元/斤）");
                // Required as one of the two: in kg or in 斤, not both.
                var either = f.Required ? "*二选一" : "";
                columns.Add((f.Zh + kg + either, f.Name, f.Example));
                columns.Add((f.Zh + perJin + either, jin, ""));
            }
            else
            {
                columns.Add((f.Zh + required + (f.Kind == FieldKind.Choice ? "（" + string.Join("/", f.Choices) + "）" : ""), f.Name, f.Example));
            }
        }
        return columns;
    }

    public static byte[] TemplateCsv(RecordAction action)
    {
        var columns = Columns(action);
        var b = new StringBuilder();
        b.AppendJoin(',', columns.Select(c => Quote(c.Zh))).Append("\r\n");
        b.AppendJoin(',', columns.Select(c => Quote(c.Name))).Append("\r\n");
        b.AppendJoin(',', columns.Select(c => Quote(c.Example))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(b.ToString())];
    }

    public static byte[] TemplateXlsx(RecordAction action) => Xlsx(action.Zh, Columns(action) is var columns
        ? [[.. columns.Select(c => c.Zh)], [.. columns.Select(c => c.Name)], [.. columns.Select(c => c.Example)]]
        : []);

    /// <summary>A one-sheet workbook of text cells (inline strings: no shared-string table to keep in step).</summary>
    public static byte[] Xlsx(string sheetName, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Count; c++)
                {
                    row.Append(new Cell
                    {
                        CellReference = ColumnName(c) + (r + 1).ToString(CultureInfo.InvariantCulture),
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(rows[r][c])),
                    });
                }
                data.Append(row);
            }
            var width = rows.Count == 0 ? 1 : rows.Max(r => r.Count);
            var columns = new Columns(new Column { Min = 1, Max = (uint)Math.Max(1, width), Width = 22, CustomWidth = true });
            sheetPart.Worksheet = new Worksheet(columns, data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName.Length > 31 ? sheetName[..31] : sheetName }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// <summary>Reads an upload: .xlsx when it is a zip package, else CSV (UTF-8, or GB18030 as saved by Chinese Excel).</summary>
    public static SheetRead Read(RecordAction action, byte[] content)
    {
        List<(int Number, List<string> Cells)> rows;
        try
        {
            rows = content.Length >= 4 && content[0] == 'P' && content[1] == 'K' ? ReadXlsx(content) : ReadCsv(Decode(content));
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FormatException or InvalidOperationException or System.Xml.XmlException)
        {
            return new([], 0, "/file", "the file is neither a readable .xlsx workbook nor a CSV: " + e.Message);
        }
        var known = Columns(action).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var header = rows.Take(5).FirstOrDefault(r => r.Cells.Any(c => c.Trim() == RecordingActor.LocationField));
        if (header.Cells is null)
        {
            return new([], 0, "/header", $"no header row naming the fields (row 2 of the template, with '{RecordingActor.LocationField}'); download the template for '{action.Name}'");
        }
        var names = header.Cells.Select(c => c.Trim()).ToList();
        if (names.FirstOrDefault(n => n.Length > 0 && !known.Contains(n)) is { } unknown)
        {
            return new([], 0, "/header/" + unknown, $"column '{unknown}' is not a field of '{action.Name}'; known: {string.Join(", ", known)}");
        }
        var result = new List<SheetRow>();
        var examples = 0;
        foreach (var (number, cells) in rows.Where(r => r.Number > header.Number))
        {
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count && i < cells.Count; i++)
            {
                if (names[i].Length > 0 && !string.IsNullOrWhiteSpace(cells[i]))
                {
                    map[names[i]] = cells[i].Trim();
                }
            }
            if (map.TryGetValue(NoteColumn, out var note) && note.StartsWith("示例", StringComparison.Ordinal))
            {
                examples++;
                continue;
            }
            map.Remove(NoteColumn);
            if (map.Count == 0)
            {
                continue;
            }
            result.Add(new SheetRow(number, map));
        }
        return new(result, examples, null, null);
    }

    /// <summary>The first worksheet's rows with their 1-based numbers; cells placed by their references, so gaps stay gaps.</summary>
    private static List<(int, List<string>)> ReadXlsx(byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("the workbook has no workbook part");
        var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("the workbook has no sheet");
        var part = (WorksheetPart)workbook.GetPartById(first.Id!.Value!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var rows = new List<(int, List<string>)>();
        using var reader = OpenXmlReader.Create(part);
        var fallbackRow = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }
            var row = (Row)reader.LoadCurrentElement()!;
            var number = (int?)row.RowIndex?.Value ?? fallbackRow + 1;
            fallbackRow = number;
            var cells = new List<string>();
            var next = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
                while (cells.Count < column)
                {
                    cells.Add("");
                }
                cells.Add(CellText(cell, shared));
                next = column + 1;
            }
            rows.Add((number, cells));
        }
        return rows;
    }

    private static string CellText(Cell cell, List<string> shared)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(cell.CellValue?.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Count ? shared[i] : "";
        }
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }
        if (type == CellValues.Boolean)
        {
            return cell.CellValue?.Text == "1" ? "true" : "false";
        }
        var text = cell.CellValue?.Text ?? "";
        // Numbers come back in binary floating point (12.5 may read 12.499999999999998): 15 significant digits is what Excel shows.
        return (type is null || type == CellValues.Number) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d.ToString("G15", CultureInfo.InvariantCulture)
            : text;
    }

    private static string Decode(byte[] content)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(content);
        }
    }

    /// <summary>RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; row numbers count records, as a spreadsheet shows them.</summary>
    internal static List<(int, List<string>)> ReadCsv(string text)
    {
        var rows = new List<(int, List<string>)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var number = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    rows.Add((number++, cells));
                    cells = [];
                    break;
                default:
                    cell.Append(ch);
                    break;
            }
        }
        if (quoted)
        {
            throw new FormatException($"row {number} has a quote that is never closed");
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            rows.Add((number, cells));
        }
        return rows;
    }

    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = index * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        }
        return index - 1;
    }
}
