using Suyuan.Core.Domain;
using System.Globalization;
using System.Text.Json;
using Suyuan.Core.Identifiers;
using Suyuan.Hosting.Directory;
using Suyuan.Hosting.Projections;

namespace Suyuan.Features.Equipment;

/// <summary>Reads the platform's extension fields (prefix sy = https://suyuan.example.cn/epcis/) the equipment views understand.</summary>
internal static class EventFields
{
    public const string Namespace = "https://suyuan.example.cn/epcis/";
    public static readonly TimeSpan China = ChinaStandardTime.Offset;

    public static JsonElement? Field(this ProjectedEvent e, string name) => e.Extension(Namespace, name);

    public static string? Text(this ProjectedEvent e, string name) => e.ExtensionText(Namespace, name);

    /// <summary>A member of an extension object, whatever prefix it was written with (nested members carry the object's own).</summary>
    public static JsonElement? Member(this JsonElement? obj, string localName)
    {
        if (obj is not { ValueKind: JsonValueKind.Object } o)
        {
            return null;
        }
        foreach (var m in o.EnumerateObject())
        {
            var n = m.Name;
            if (n == localName || (n.EndsWith(localName, StringComparison.Ordinal) && n.Length > localName.Length && n[^(localName.Length + 1)] is ':' or '/' or '#'))
            {
                return m.Value;
            }
        }
        return null;
    }

    public static string? Text(this JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    public static bool IsTrue(this JsonElement? value) => value is { ValueKind: JsonValueKind.True } || value.Text() is "true";

    public static decimal? Number(this JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDecimal(out var d) => d,
        { ValueKind: JsonValueKind.String } s when decimal.TryParse(s.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static IReadOnlyList<string> Strings(this JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(x => ((JsonElement?)x).Text()).OfType<string>().ToList(),
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        _ => [],
    };

    public static DateOnly? Date(this JsonElement? value) =>
        value.Text() is { } s && DateOnly.TryParse(s.Length >= 10 ? s[..10] : s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The CBV term without its prefix: "shipping" for https://ref.gs1.org/cbv/BizStep-shipping; the last path segment of a private IRI.</summary>
    public static string Bare(string? term) => term switch
    {
        null => "",
        _ when term.StartsWith("https://ref.gs1.org/cbv/", StringComparison.Ordinal) => term[(term.IndexOf('-') + 1)..],
        _ when term.StartsWith("urn:epcglobal:cbv:", StringComparison.Ordinal) => term[(term.LastIndexOf(':') + 1)..],
        _ when term.StartsWith("http", StringComparison.Ordinal) => term[(term.LastIndexOf('/') + 1)..],
        _ => term,
    };

    public static string Step(this ProjectedEvent e) => Bare(e.String("bizStep"));

    public static string Disposition(this ProjectedEvent e) => Bare(e.String("disposition"));

    /// <summary>The local (China) date of an instant: due dates are calendar days in Nantong.</summary>
    public static DateOnly LocalDate(DateTimeOffset t) => ChinaStandardTime.DateOf(t);

    /// <summary>The first source or destination of a type (owning_party, location, possessing_party), or null.</summary>
    public static string? Link(this ProjectedEvent e, string list, string type)
    {
        if (!e.Json.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var t) && Bare(t.GetString()) == type
                && item.TryGetProperty(list == "sourceList" ? "source" : "destination", out var id) && id.ValueKind == JsonValueKind.String)
            {
                return id.GetString();
            }
        }
        return null;
    }

    /// <summary>
    /// The most a quantity may be, in kilograms, to count in a balance: a billion tonnes. EPCIS takes any JSON number, so one
    /// event may say 1.7e308; such an amount is no record of goods, and summed it would break every balance it enters.
    /// </summary>
    public const decimal MaxKilograms = 1_000_000_000_000m;

    /// <summary>Lot quantities (EPC class, amount) in kilograms; other units, and amounts beyond <see cref="MaxKilograms"/>, are left out (the balance is kept in kg).</summary>
    public static IReadOnlyList<(string Lot, decimal Kg)> Kilograms(this ProjectedEvent e, string list)
    {
        if (!e.Json.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        var result = new List<(string, decimal)>();
        foreach (var q in items.EnumerateArray())
        {
            if (q.ValueKind == JsonValueKind.Object && q.TryGetProperty("epcClass", out var c) && c.ValueKind == JsonValueKind.String
                && q.TryGetProperty("quantity", out var n) && n.ValueKind == JsonValueKind.Number)
            {
                var uom = q.TryGetProperty("uom", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                var factor = uom switch { "KGM" => 1m, "TNE" => 1000m, "GRM" => 0.001m, _ => 0m };
                if (factor > 0 && n.TryGetDecimal(out var amount) && Math.Abs(amount) <= MaxKilograms && Math.Abs(amount * factor) <= MaxKilograms)
                {
                    result.Add((c.GetString()!, amount * factor));
                }
            }
        }
        return result;
    }
}

/// <summary>
/// Who holds goods at a party or location: the GS1 company an SGLN/PGLN URN names (its PGLN), so a company's sites and its
/// party are one holder whatever the registry knows of each; other identifiers through the directory's owner, or as they are.
/// </summary>
internal sealed class Holders(IServiceProvider services)
{
    public async ValueTask<string> OfAsync(string partyOrLocation, CancellationToken ct)
    {
        if (partyOrLocation.StartsWith("urn:epc:id:sgln:", StringComparison.Ordinal) || partyOrLocation.StartsWith("urn:epc:id:pgln:", StringComparison.Ordinal))
        {
            return CompanyOf(partyOrLocation);
        }
        if (services.GetService<IEnterpriseDirectory>() is { } directory && await directory.OwnerOfAsync(IdentifierConverter.Canonicalise(partyOrLocation), ct) is { } uscc)
        {
            return uscc;
        }
        return partyOrLocation;
    }

    /// <summary>The USCC of the enterprise that owns the id, for an alert's enterprise; null until a directory is registered or when it is unknown.</summary>
    public async ValueTask<string?> EnterpriseOfAsync(string? partyOrLocation, CancellationToken ct) =>
        partyOrLocation is not null && services.GetService<IEnterpriseDirectory>() is { } directory
            ? await directory.OwnerOfAsync(IdentifierConverter.Canonicalise(partyOrLocation), ct)
            : null;

    public static string CompanyOf(string id)
    {
        foreach (var scheme in new[] { "urn:epc:id:sgln:", "urn:epc:id:pgln:" })
        {
            if (id.StartsWith(scheme, StringComparison.Ordinal) && id.IndexOf('.', scheme.Length) is var dot and > 0)
            {
                var prefix = id[scheme.Length..dot];
                return "urn:epc:id:pgln:" + prefix + "." + new string('0', Math.Max(0, 12 - prefix.Length));
            }
        }
        return id;
    }
}
