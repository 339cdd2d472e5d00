using System.Globalization;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Json;

/// <summary>Typed access to JSON values that fails with an <see cref="EpcisFormatException"/> naming the field's pointer.</summary>
internal static class JsonRead
{
    public static string Child(string parent, string name) => parent + "/" + EpcisContext.EscapePointer(name);

    public static string Child(string parent, int index) => parent + "/" + index.ToString(CultureInfo.InvariantCulture);

    public static EpcisFormatException Fail(string parent, string name, string message) => new(Child(parent, name), message);

    public static string String(JsonElement value, string parent, string name) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Fail(parent, name, $"{name} must be a string");

    public static DateTimeOffset Time(JsonElement value, string parent, string name)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Fail(parent, name, $"{name} must be a date-time string");
        }
        // RFC 3339 date-times carry their offset; without one the instant would depend on this machine's time zone.
        var text = value.GetString()!;
        if (!EpcisDateTime.TryParse(text, out var time))
        {
            throw Fail(parent, name, $"{name} '{text}' is not an RFC 3339 date-time with an offset, in the years 1 to 9999 in UTC too (e.g. 2024-05-01T08:30:00.000+08:00)");
        }
        return time;
    }

    public static decimal Decimal(JsonElement value, string parent, string name)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Fail(parent, name, $"{name} must be a number");
        }
        return value.TryGetDecimal(out var number) ? number : throw Fail(parent, name, $"{name} {value.GetRawText()} is out of range");
    }

    public static bool Boolean(JsonElement value, string parent, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Fail(parent, name, $"{name} must be true or false"),
    };

    public static void Object(JsonElement value, string parent, string name)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fail(parent, name, $"{name} must be an object");
        }
    }

    public static string Array(JsonElement value, string parent, string name)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail(parent, name, $"{name} must be an array");
        }
        return Child(parent, name);
    }

    public static ValueList<string> Strings(JsonElement value, string parent, string name)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail(parent, name, $"{name} must be an array");
        }
        var items = new string[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            // Identifier lists are the bulk of an event: their pointers are built only for an error.
            items[i] = item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new EpcisFormatException(Child(Child(parent, name), i), $"the items of {name} must be strings");
            i++;
        }
        return ValueList<string>.Own(items);
    }

    /// <summary>Reads the items of an array with <paramref name="read"/>(item, item pointer).</summary>
    public static ValueList<T> List<T>(JsonElement value, string parent, string name, Func<JsonElement, string, T> read)
    {
        var pointer = Array(value, parent, name);
        var items = new T[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            items[i] = read(item, Child(pointer, i));
            i++;
        }
        return ValueList<T>.Own(items);
    }

    public static ValueList<EpcisExtension> Seal(List<EpcisExtension>? extensions) =>
        extensions is null ? ValueList<EpcisExtension>.Empty : ValueList<EpcisExtension>.Own([.. extensions]);

    /// <summary>
    /// An extension field: kept with its value as given and the namespace its prefix stands for. A bare name that the
    /// context does not define is not an extension but an unknown field, and is rejected unless <paramref name="lenient"/>.
    /// </summary>
    public static void AddExtension(ref List<EpcisExtension>? extensions, JsonProperty property, EpcisContext context, string parent, bool lenient = false)
    {
        var name = property.Name;
        var ns = NamespaceOf(name, context);
        if (ns is null && !lenient && !name.Contains(':'))
        {
            throw Fail(parent, name, $"unknown field '{name}': extension fields need a namespace prefix declared in @context (e.g. example:{name})");
        }
        (extensions ??= []).Add(new EpcisExtension(name, ns, new JsonLiteral(property.Value.Clone())));
    }

    internal static string? NamespaceOf(string name, EpcisContext context)
    {
        var colon = name.IndexOf(':');
        if (colon > 0)
        {
            var prefix = name[..colon];
            if (context.Prefixes.TryGetValue(prefix, out var ns))
            {
                return ns;
            }
            // JSON-LD 1.0 lets any term serve as a prefix (e.g. "example": "http://ns.example.com/epcis").
            if (context.Terms.TryGetValue(prefix, out var term) && EpcisContext.IsAbsoluteIri(term))
            {
                return term;
            }
            return EpcisContext.IsAbsoluteIri(name) ? NamespaceOfIri(name) : null;
        }
        return context.Terms.TryGetValue(name, out var iri) && context.TryExpand(name, out var expanded) ? NamespaceOfIri(expanded) ?? iri : null;
    }

    private static string? NamespaceOfIri(string iri)
    {
        var end = iri.LastIndexOfAny(['/', '#', ':']);
        return end > 0 ? iri[..(end + 1)] : null;
    }
}
