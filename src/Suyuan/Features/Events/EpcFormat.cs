using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Core.Identifiers;
using Suyuan.Hosting;

namespace Suyuan.Features.Events;

/// <summary>
/// The <c>GS1-EPC-Format</c> request header of the REST binding: in what form query results give EPCs, classes, locations,
/// parties, business transactions, transformation and device ids that are GS1 keys. Events come back as captured unless the
/// client asks for <c>Always_GS1_Digital_Link</c>, when EPC URNs are written as canonical Digital Links.
/// <c>Always_EPC_URN</c> is honoured where every such identifier in the answer already is a URN; a Digital Link of a key
/// with an EPC URN form cannot be written as one (the link does not say where its GS1 company prefix ends, which the URN
/// must), so such an answer is a 406 naming the identifier. Endpoints that return no identifiers ignore the header.
/// </summary>
internal static class EpcFormat
{
    public const string Header = "GS1-EPC-Format";
    public const string CbvXmlHeader = "GS1-CBV-XML-Format";
    public const string NoPreference = "No_Preference";
    public const string AlwaysDigitalLink = "Always_GS1_Digital_Link";
    public const string AlwaysUrn = "Always_EPC_URN";
    public const string NeverTranslates = "Never_Translates";

    /// <summary>The header's value (<see cref="NeverTranslates"/> when absent or no preference), or a problem for a value outside the binding's four.</summary>
    public static ProblemHttpResult? Check(HttpRequest request, out string format)
    {
        format = NeverTranslates;
        // GS1-CBV-XML-Format chooses the CBV values' form in XML results; JSON ones are as captured. A value of the
        // binding's four is taken and changes nothing; another is a mistake said so.
        var cbv = request.Headers[CbvXmlHeader].ToString().Trim();
        if (cbv.Length > 0 && cbv is not (NoPreference or "Always_Web_URI" or "Always_URN" or NeverTranslates))
        {
            return Problems.BadRequest($"{CbvXmlHeader} is one of {NoPreference}, Always_Web_URI, Always_URN, {NeverTranslates} (and applies to XML results only); got '{cbv}'", "/headers/" + CbvXmlHeader);
        }
        var value = request.Headers[Header].ToString().Trim();
        if (value.Length == 0 || value == NoPreference || value == NeverTranslates)
        {
            return null;
        }
        if (value is AlwaysDigitalLink or AlwaysUrn)
        {
            format = value;
            return null;
        }
        return Problems.BadRequest($"{Header} is one of {NoPreference}, {AlwaysDigitalLink}, {AlwaysUrn}, {NeverTranslates}; got '{value}'", "/headers/" + Header);
    }

    /// <summary>
    /// Under <see cref="AlwaysUrn"/>: the 406 for identifiers that cannot be written as EPC URNs (a Digital Link of a GS1 key
    /// with a URN form), naming the first; null when there is none.
    /// </summary>
    public static ProblemHttpResult? Unwritable(IEnumerable<string> identifiers)
    {
        foreach (var id in identifiers)
        {
            if (!id.StartsWith("urn:", StringComparison.Ordinal) && IdentifierConverter.EpcUriForms(id).Count > 0)
            {
                return EpcisExceptions.NotAcceptable(
                    $"{Header}: {AlwaysUrn} cannot be honoured for '{id}': a GS1 Digital Link does not say how long its company prefix is, which an EPC URN must; ask for {NeverTranslates} (identifiers as captured) or {AlwaysDigitalLink}",
                    Header);
            }
        }
        return null;
    }

    /// <summary>Top-level event members whose values (or whose named inner members) are identifiers that may be GS1 keys.</summary>
    private static readonly Dictionary<string, string?> Members = new(StringComparer.Ordinal)
    {
        ["epcList"] = null, ["childEPCs"] = null, ["inputEPCList"] = null, ["outputEPCList"] = null, ["parentID"] = null, ["transformationID"] = null,
        ["quantityList"] = "epcClass", ["childQuantityList"] = "epcClass", ["inputQuantityList"] = "epcClass", ["outputQuantityList"] = "epcClass",
        ["readPoint"] = "id", ["bizLocation"] = "id",
        ["sourceList"] = "source", ["destinationList"] = "destination", ["bizTransactionList"] = "bizTransaction",
    };

    private const string Sensors = "sensorElementList";

    /// <summary>The identifiers of an event that <see cref="TryWriteAsDigitalLinks"/> would translate, found by the same walk.</summary>
    public static IReadOnlyList<string> Identifiers(JsonElement evt)
    {
        var found = new List<string>();
        if (evt.ValueKind == JsonValueKind.Object)
        {
            using var discard = new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { SkipValidation = true });
            foreach (var property in evt.EnumerateObject())
            {
                TryWrite(discard, property, id =>
                {
                    found.Add(id);
                    return id;
                });
            }
        }
        return found;
    }

    /// <summary>Writes one member of an event, its EPC URNs as Digital Links when it holds identifiers; false when it does not (the caller writes it as is).</summary>
    public static bool TryWriteAsDigitalLinks(Utf8JsonWriter writer, JsonProperty property) => TryWrite(writer, property, ToDigitalLink);

    /// <summary>Writes one member of an event with each identifier it holds as <paramref name="translate"/> gives it; false when it holds none.</summary>
    private static bool TryWrite(Utf8JsonWriter writer, JsonProperty property, Func<string, string> translate)
    {
        if (property.NameEquals(Sensors) && property.Value.ValueKind == JsonValueKind.Array)
        {
            writer.WritePropertyName(property.Name);
            writer.WriteStartArray();
            foreach (var element in property.Value.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    element.WriteTo(writer);
                    continue;
                }
                writer.WriteStartObject();
                foreach (var part in element.EnumerateObject())
                {
                    if (part.NameEquals("sensorMetadata") || part.NameEquals("sensorReport"))
                    {
                        writer.WritePropertyName(part.Name);
                        WriteValue(writer, part.Value, "deviceID", translate);
                    }
                    else
                    {
                        part.WriteTo(writer);
                    }
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            return true;
        }
        if (!Members.TryGetValue(property.Name, out var inner))
        {
            return false;
        }
        writer.WritePropertyName(property.Name);
        WriteValue(writer, property.Value, inner, translate);
        return true;
    }

    /// <param name="inner">Null: the value is an identifier (or a list of them); else the member of each object that is.</param>
    private static void WriteValue(Utf8JsonWriter writer, JsonElement value, string? inner, Func<string, string> translate)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when inner is null:
                writer.WriteStringValue(translate(value.GetString()!));
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                // An identifier sent twice, once as a URN and once as a link, is one link: a list of EPCs names each once
                // (the schema's uniqueItems).
                HashSet<string>? written = inner is null ? new(StringComparer.Ordinal) : null;
                foreach (var item in value.EnumerateArray())
                {
                    if (written is not null && item.ValueKind == JsonValueKind.String)
                    {
                        var link = translate(item.GetString()!);
                        if (written.Add(link))
                        {
                            writer.WriteStringValue(link);
                        }
                        continue;
                    }
                    WriteValue(writer, item, inner, translate);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.Object when inner is not null:
                WriteObject(writer, value, inner, translate);
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement value, string member, Func<string, string> translate)
    {
        writer.WriteStartObject();
        foreach (var p in value.EnumerateObject())
        {
            if (p.NameEquals(member) && p.Value.ValueKind == JsonValueKind.String)
            {
                writer.WriteString(p.Name, translate(p.Value.GetString()!));
            }
            else
            {
                p.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>An EPC URN of a GS1 key as its canonical Digital Link; anything else (a link already, a URN of another scheme, a private id) unchanged.</summary>
    internal static string ToDigitalLink(string id) =>
        id.StartsWith("urn:epc:", StringComparison.Ordinal) ? IdentifierConverter.EpcUriToDigitalLink(id) ?? id : id;
}
