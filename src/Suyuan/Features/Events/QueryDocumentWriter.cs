using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Storage;
using Suyuan.Storage.Indexing;

namespace Suyuan.Features.Events;

/// <summary>Writes stored events as an EPCISQueryDocument: the events as captured, with the recordTime the server gave them.</summary>
internal static class QueryDocumentWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="digitalLinks">Write EPC URNs of GS1 keys as canonical Digital Links (GS1-EPC-Format: Always_GS1_Digital_Link).</param>
    public static async Task WriteAsync(Stream output, string queryName, IReadOnlyList<StoredEvent> events, CancellationToken ct, bool digitalLinks = false)
    {
        // The documents' own prefixes merge into one @context; a prefix two documents bound differently stays on its events,
        // and so does one a document bound otherwise than the standard context does (cbvmda to its own namespace): at the
        // top it would change the meaning of every other event's cbvmda: fields.
        var standard = EpcisContext.Default.Prefixes;
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        var clashing = new HashSet<string>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, StoredContextText>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Context is null || contexts.ContainsKey(e.Context))
            {
                continue;
            }
            var prefixes = StoredContextText.Read(e.Context);
            contexts[e.Context] = prefixes;
            foreach (var (prefix, iri) in prefixes)
            {
                if ((merged.TryGetValue(prefix, out var existing) && existing != iri)
                    || (standard.TryGetValue(prefix, out var defined) ? defined != iri : EpcisContext.IsStandardTerm(prefix)))
                {
                    clashing.Add(prefix);
                }
                else
                {
                    merged[prefix] = iri;
                }
            }
        }
        foreach (var prefix in clashing)
        {
            merged.Remove(prefix);
        }

        await using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("@context");
        writer.WriteStartArray();
        writer.WriteStringValue(EpcisContext.StandardContextUrl);
        if (merged.Count > 0)
        {
            writer.WriteStartObject();
            foreach (var (prefix, iri) in merged)
            {
                writer.WriteString(prefix, iri);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteString("type", "EPCISQueryDocument");
        writer.WriteString("schemaVersion", "2.0");
        writer.WriteString("creationDate", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WritePropertyName("epcisBody");
        writer.WriteStartObject();
        writer.WritePropertyName("queryResults");
        writer.WriteStartObject();
        writer.WriteString("queryName", queryName);
        writer.WritePropertyName("resultsBody");
        writer.WriteStartObject();
        writer.WritePropertyName("eventList");
        writer.WriteStartArray();
        foreach (var e in events)
        {
            // An event keeps its own @context when a prefix of it clashes, or when it named contexts that are not resolved here.
            var own = e.Context is not null && contexts.TryGetValue(e.Context, out var p) && (p.Urls.Count > 0 || p.Keys.Any(clashing.Contains)) ? p : null;
            WriteEvent(writer, e, own, digitalLinks);
            if (writer.BytesPending > 1 << 16)
            {
                await writer.FlushAsync(ct);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
    }

    /// <summary>
    /// One stored event on its own, as the REST binding's 201 of <c>POST /events</c> gives it (an EPCISEvent): its
    /// <c>@context</c> the standard one and the prefixes it was captured with, then the event as captured with its recordTime.
    /// </summary>
    public static async Task WriteEventAsync(Stream output, StoredEvent stored, CancellationToken ct, bool digitalLinks = false)
    {
        await using var writer = new Utf8JsonWriter(output, WriterOptions);
        WriteEvent(writer, stored, StoredContextText.Read(stored.Context), digitalLinks, standalone: true);
        await writer.FlushAsync(ct);
    }

    /// <param name="standalone">Not in a document: the @context names the standard context too.</param>
    private static void WriteEvent(Utf8JsonWriter writer, StoredEvent stored, StoredContextText? ownContext, bool digitalLinks, bool standalone = false)
    {
        using var doc = JsonDocument.Parse(stored.Json);
        writer.WriteStartObject();
        if (ownContext is not null)
        {
            writer.WritePropertyName("@context");
            var array = standalone || ownContext.Urls.Count > 0;
            if (array)
            {
                writer.WriteStartArray();
            }
            if (standalone)
            {
                writer.WriteStringValue(EpcisContext.StandardContextUrl);
            }
            foreach (var url in ownContext.Urls)
            {
                writer.WriteStringValue(url);
            }
            if (!array || ownContext.Count > 0)
            {
                writer.WriteStartObject();
                foreach (var (prefix, iri) in ownContext)
                {
                    writer.WriteString(prefix, iri);
                }
                writer.WriteEndObject();
            }
            if (array)
            {
                writer.WriteEndArray();
            }
        }
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (property.NameEquals("recordTime") || (ownContext is not null && property.NameEquals("@context")))
            {
                continue;
            }
            if (!digitalLinks || !EpcFormat.TryWriteAsDigitalLinks(writer, property))
            {
                property.WriteTo(writer);
            }
        }
        writer.WriteString("recordTime", stored.RecordTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }
}
