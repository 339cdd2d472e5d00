using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Suyuan.Features.Demo;

/// <summary>Writes demo events into EPCIS 2.0 JSON-LD capture documents that declare the project namespace once.</summary>
internal sealed class DemoDocumentWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _writer;
    private readonly DateTimeOffset _creationDate;

    public DemoDocumentWriter(DateTimeOffset creationDate)
    {
        _creationDate = creationDate;
        _writer = new Utf8JsonWriter(_buffer, Options);
        Begin();
    }

    public int Count { get; private set; }

    public long Length => _buffer.Length + _writer.BytesPending;

    public void Write(DemoEvent e)
    {
        WriteEvent(_writer, e);
        Count++;
    }

    /// <summary>Closes the document and returns its bytes; the writer starts a new, empty document.</summary>
    public byte[] Finish()
    {
        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.WriteEndObject();
        _writer.Flush();
        var bytes = _buffer.ToArray();
        _buffer.SetLength(0);
        _writer.Reset(_buffer);
        Count = 0;
        Begin();
        return bytes;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }

    private void Begin()
    {
        var w = _writer;
        w.WriteStartObject();
        w.WriteStartArray("@context");
        w.WriteStringValue("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
        w.WriteStartObject();
        w.WriteString(DemoIdentifiers.Prefix, DemoIdentifiers.Namespace);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("type", "EPCISDocument");
        w.WriteString("schemaVersion", "2.0");
        w.WriteString("creationDate", Time(_creationDate));
        w.WriteStartObject("epcisBody");
        w.WriteStartArray("eventList");
    }

    internal static void WriteEvent(Utf8JsonWriter w, DemoEvent e)
    {
        w.WriteStartObject();
        w.WriteString("type", e.Type);
        w.WriteString("eventTime", Time(e.Time));
        w.WriteString("eventTimeZoneOffset", e.Time.Offset.ToString(@"\+hh\:mm", CultureInfo.InvariantCulture));
        if (e.ParentId is { } parent)
        {
            w.WriteString("parentID", parent);
        }
        Strings(w, e.Type == "AggregationEvent" ? "childEPCs" : "epcList", e.Epcs);
        Strings(w, "inputEPCList", e.InputEpcs);
        Quantities(w, "inputQuantityList", e.InputQuantities);
        Quantities(w, "outputQuantityList", e.OutputQuantities);
        if (e.Type != "TransformationEvent")
        {
            w.WriteString("action", e.Action);
        }
        w.WriteString("bizStep", e.BizStep);
        if (e.Disposition is { } disposition)
        {
            w.WriteString("disposition", disposition);
        }
        w.WritePropertyName("readPoint");
        w.WriteStartObject();
        w.WriteString("id", e.Location);
        w.WriteEndObject();
        w.WritePropertyName("bizLocation");
        w.WriteStartObject();
        w.WriteString("id", e.Location);
        w.WriteEndObject();
        Links(w, "bizTransactionList", "bizTransaction", e.Transactions);
        Links(w, "sourceList", "source", e.Sources);
        Links(w, "destinationList", "destination", e.Destinations);
        if (e.Type != "TransformationEvent")
        {
            Quantities(w, e.Type == "AggregationEvent" ? "childQuantityList" : "quantityList", e.Quantities);
        }
        if (e.Ilmd is { Count: > 0 } ilmd)
        {
            w.WritePropertyName("ilmd");
            WriteFields(w, ilmd);
        }
        foreach (var field in e.Fields ?? [])
        {
            WriteField(w, field);
        }
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    private static void Quantities(Utf8JsonWriter w, string name, IReadOnlyList<DemoQuantity>? quantities)
    {
        if (quantities is null)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var q in quantities)
        {
            w.WriteStartObject();
            w.WriteString("epcClass", q.EpcClass);
            w.WriteNumber("quantity", q.Amount);
            if (q.Uom is { } uom)
            {
                w.WriteString("uom", uom);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Links(Utf8JsonWriter w, string name, string valueName, IReadOnlyList<DemoLink>? links)
    {
        if (links is null)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var link in links)
        {
            w.WriteStartObject();
            w.WriteString("type", link.Type);
            w.WriteString(valueName, link.Id);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteFields(Utf8JsonWriter w, IReadOnlyList<DemoField> fields)
    {
        w.WriteStartObject();
        foreach (var field in fields)
        {
            WriteField(w, field);
        }
        w.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter w, DemoField field)
    {
        w.WritePropertyName(DemoIdentifiers.Prefix + ":" + field.Name);
        switch (field.Value)
        {
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case decimal d:
                w.WriteNumberValue(d);
                break;
            case IReadOnlyList<DemoField> nested:
                WriteFields(w, nested);
                break;
            case IReadOnlyList<string> list:
                w.WriteStartArray();
                foreach (var item in list)
                {
                    w.WriteStringValue(item);
                }
                w.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"sy:{field.Name} has an unsupported value type {field.Value.GetType().Name}");
        }
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}
