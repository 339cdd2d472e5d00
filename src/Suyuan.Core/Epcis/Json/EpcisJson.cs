using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using static Suyuan.Core.Epcis.Json.JsonRead;

namespace Suyuan.Core.Epcis.Json;

/// <summary>
/// The EPCIS 2.0 JSON / JSON-LD binding: reads documents and events into the model and writes them back.
/// Bad input of any kind raises <see cref="EpcisFormatException"/> with the JSON pointer of the offending field.
/// For large documents use <see cref="EpcisEventStream"/>, which never holds more than one event.
/// </summary>
public static class EpcisJson
{
    /// <summary>Deepest nesting accepted; EPCIS needs about a dozen levels, and a bound keeps hostile input off the stack.</summary>
    public const int MaxDepth = 64;

    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    // Relaxed escaping keeps '+' offsets and Chinese text readable; the output is JSON for machines, never embedded in HTML.
    private static readonly JsonWriterOptions CompactWriter = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions IndentedWriter = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads an EPCISDocument or EPCISQueryDocument from UTF-8 JSON.</summary>
    public static EpcisDocument ReadDocument(ReadOnlySpan<byte> utf8)
    {
        utf8 = SkipByteOrderMark(utf8);
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            document = JsonDocument.ParseValue(ref reader);
            try
            {
                // Anything after the document is an error; Read throws on it.
                reader.Read();
            }
            catch
            {
                document.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw JsonSyntaxLocator.Explain(e, utf8, "");
        }
        using (document)
        {
            return ReadDocument(document.RootElement);
        }
    }

    public static EpcisDocument ReadDocument(string json) => ReadDocument(Encoding.UTF8.GetBytes(json));

    /// <summary>Reads a whole document from a stream (into memory first; use <see cref="EpcisEventStream"/> for big ones).</summary>
    public static EpcisDocument ReadDocument(Stream utf8)
    {
        using var buffer = new MemoryStream();
        utf8.CopyTo(buffer);
        return ReadDocument(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static async Task<EpcisDocument> ReadDocumentAsync(Stream utf8, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await utf8.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return ReadDocument(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads a document that is already parsed (e.g. after schema validation).</summary>
    public static EpcisDocument ReadDocument(JsonElement root)
    {
        try
        {
            return ReadParsedDocument(root);
        }
        catch (InvalidOperationException e)
        {
            // Text that parsed but cannot be decoded (e.g. a lone surrogate escape in a name).
            throw new EpcisFormatException("", $"unreadable JSON text: {e.Message}");
        }
    }

    /// <summary>
    /// Reads one event. <paramref name="context"/> is the document's context (the GS1 one when null); the event's own
    /// <c>@context</c>, if any, is applied on top. <paramref name="pointer"/> prefixes the pointers of errors.
    /// </summary>
    public static EpcisEvent ReadEvent(JsonElement evt, EpcisContext? context = null, string pointer = "")
    {
        try
        {
            return EpcisEventReader.Read(evt, context ?? EpcisContext.Default, pointer);
        }
        catch (InvalidOperationException e)
        {
            throw new EpcisFormatException(pointer, $"unreadable JSON text: {e.Message}");
        }
    }

    /// <summary>Reads one standalone event from UTF-8 JSON (as posted to <c>/events</c>): its own <c>@context</c> applies.</summary>
    public static EpcisEvent ReadEvent(ReadOnlySpan<byte> utf8, EpcisContext? context = null)
    {
        utf8 = SkipByteOrderMark(utf8);
        JsonElement element;
        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            element = JsonElement.ParseValue(ref reader);
            reader.Read();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw JsonSyntaxLocator.Explain(e, utf8, "");
        }
        return ReadEvent(element, context);
    }

    private static EpcisDocument ReadParsedDocument(JsonElement root)
    {
        var context = EpcisContext.FromDocument(root);
        var envelope = new EnvelopeBuilder();
        var events = ValueList<EpcisEvent>.Empty;
        foreach (var p in root.EnumerateObject())
        {
            if (!p.NameEquals("epcisBody"))
            {
                envelope.Add(EnvelopePart.Root, p.Name, p.Value);
                continue;
            }
            envelope.SawBody();
            Object(p.Value, "", "epcisBody");
            foreach (var b in p.Value.EnumerateObject())
            {
                if (b.NameEquals("eventList"))
                {
                    envelope.SawEventList(EnvelopePart.Body);
                    events = ReadEvents(b.Value, context, "/epcisBody");
                }
                else if (b.NameEquals("queryResults"))
                {
                    envelope.SawQueryResults();
                    Object(b.Value, "/epcisBody", "queryResults");
                    foreach (var q in b.Value.EnumerateObject())
                    {
                        if (!q.NameEquals("resultsBody"))
                        {
                            envelope.Add(EnvelopePart.QueryResults, q.Name, q.Value);
                            continue;
                        }
                        envelope.SawResultsBody();
                        Object(q.Value, "/epcisBody/queryResults", "resultsBody");
                        foreach (var r in q.Value.EnumerateObject())
                        {
                            if (r.NameEquals("eventList"))
                            {
                                envelope.SawEventList(EnvelopePart.ResultsBody);
                                events = ReadEvents(r.Value, context, "/epcisBody/queryResults/resultsBody");
                            }
                            else
                            {
                                envelope.Add(EnvelopePart.ResultsBody, r.Name, r.Value);
                            }
                        }
                    }
                }
                else
                {
                    envelope.Add(EnvelopePart.Body, b.Name, b.Value);
                }
            }
        }
        return envelope.Build(root.GetProperty("@context"), context, events);
    }

    private static ValueList<EpcisEvent> ReadEvents(JsonElement list, EpcisContext context, string parent) =>
        List(list, parent, "eventList", (item, at) => EpcisEventReader.Read(item, context, at));

    internal static ReadOnlySpan<byte> SkipByteOrderMark(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;

    /// <summary>Writes a document as JSON-LD: its <c>@context</c> as given, fields in the order of the standard.</summary>
    public static void Write(EpcisDocument document, Stream utf8, bool indented = false)
    {
        using var writer = new Utf8JsonWriter(utf8, indented ? IndentedWriter : CompactWriter);
        EpcisJsonWriter.WriteDocument(writer, document, flushEvery: 64 * 1024);
        writer.Flush();
    }

    public static void Write(EpcisDocument document, IBufferWriter<byte> utf8, bool indented = false)
    {
        using var writer = new Utf8JsonWriter(utf8, indented ? IndentedWriter : CompactWriter);
        EpcisJsonWriter.WriteDocument(writer, document, flushEvery: 0);
        writer.Flush();
    }

    public static void Write(EpcisDocument document, Utf8JsonWriter writer) => EpcisJsonWriter.WriteDocument(writer, document, flushEvery: 0);

    public static byte[] WriteToUtf8Bytes(EpcisDocument document, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(document, buffer, indented);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one event (with its own <c>@context</c>, if it has one).</summary>
    public static void WriteEvent(EpcisEvent evt, Utf8JsonWriter writer) => EpcisJsonWriter.WriteEvent(writer, evt);

    public static byte[] WriteEventToUtf8Bytes(EpcisEvent evt, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, indented ? IndentedWriter : CompactWriter))
        {
            EpcisJsonWriter.WriteEvent(writer, evt);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
