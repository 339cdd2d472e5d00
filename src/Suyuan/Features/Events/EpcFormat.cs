using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Core.Identifiers;
using Suyuan.Hosting;

namespace Suyuan.Features.Events;

/// <summary>
/// The <c>GS1-EPC-Format</c> request header of the REST binding: in what form query results give EPCs, classes, locations,
/// parties and business transactions that are GS1 keys. Events come back as captured unless the client asks for
/// <c>Always_GS1_Digital_Link</c>, when EPC URNs are written as canonical Digital Links. <c>Always_EPC_URN</c> is refused:
/// a Digital Link does not say where its GS1 company prefix ends, which the URN must.
/// </summary>
internal static class EpcFormat
{
    public const string Header = "GS1-EPC-Format";
    public const string CbvXmlHeader = "GS1-CBV-XML-Format";
    public const string NoPreference = "No_Preference";
    public const string AlwaysDigitalLink = "Always_GS1_Digital_Link";
    public const string AlwaysUrn = "Always_EPC_URN";
    public const string NeverTranslates = "Never_Translates";

    /// <summary>The header's value, or a problem for a value outside the binding's four or one this repository cannot honour.</summary>
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
        if (value == AlwaysDigitalLink)
        {
            format = AlwaysDigitalLink;
            return null;
        }
        if (value == AlwaysUrn)
        {
            return EpcisExceptions.NotAcceptable(
                $"{Header}: {AlwaysUrn} cannot be honoured: a GS1 Digital Link does not say how long its company prefix is, which an EPC URN must; ask for {NeverTranslates} (identifiers as captured) or {AlwaysDigitalLink}",
                Header);
        }
        return Problems.BadRequest($"{Header} is one of {NoPreference}, {AlwaysDigitalLink}, {AlwaysUrn}, {NeverTranslates}; got '{value}'", "/headers/" + Header);
    }

    /// <summary>Top-level event members whose values (or whose named inner members) are identifiers that may be GS1 keys.</summary>
    private static readonly Dictionary<string, string?> Members = new(StringComparer.Ordinal)
    {
        ["epcList"] = null, ["childEPCs"] = null, ["inputEPCList"] = null, ["outputEPCList"] = null, ["parentID"] = null,
        ["quantityList"] = "epcClass", ["childQuantityList"] = "epcClass", ["inputQuantityList"] = "epcClass", ["outputQuantityList"] = "epcClass",
        ["readPoint"] = "id", ["bizLocation"] = "id",
        ["sourceList"] = "source", ["destinationList"] = "destination", ["bizTransactionList"] = "bizTransaction",
    };

    /// <summary>Writes one member of an event, its EPC URNs as Digital Links when it holds identifiers; false when it does not (the caller writes it as is).</summary>
    public static bool TryWriteAsDigitalLinks(Utf8JsonWriter writer, JsonProperty property)
    {
        if (!Members.TryGetValue(property.Name, out var inner))
        {
            return false;
        }
        writer.WritePropertyName(property.Name);
        WriteValue(writer, property.Value, inner);
        return true;
    }

    /// <param name="inner">Null: the value is an identifier (or a list of them); else the member of each object that is.</param>
    private static void WriteValue(Utf8JsonWriter writer, JsonElement value, string? inner)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when inner is null:
                writer.WriteStringValue(ToDigitalLink(value.GetString()!));
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(writer, item, inner);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.Object when inner is not null:
                WriteObject(writer, value, inner);
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement value, string member)
    {
        writer.WriteStartObject();
        foreach (var p in value.EnumerateObject())
        {
            if (p.NameEquals(member) && p.Value.ValueKind == JsonValueKind.String)
            {
                writer.WriteString(p.Name, ToDigitalLink(p.Value.GetString()!));
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
