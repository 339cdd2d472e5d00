using System.Text.Json;

namespace Suyuan.Core.Epcis;

/// <summary>A JSON value kept as given (an extension's value, an <c>@context</c>), compared by content.</summary>
public readonly struct JsonLiteral(JsonElement element) : IEquatable<JsonLiteral>
{
    /// <summary>The value; it does not depend on the document it was read from.</summary>
    public JsonElement Element { get; } = element;

    public JsonValueKind Kind => Element.ValueKind;

    /// <summary>Parses a JSON text, e.g. <c>"\"text\""</c> or <c>{"a":1}</c>.</summary>
    public static JsonLiteral Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return new(doc.RootElement.Clone());
    }

    public static JsonLiteral FromString(string value) => new(JsonSerializer.SerializeToElement(value));

    public bool Equals(JsonLiteral other) =>
        Element.ValueKind == JsonValueKind.Undefined || other.Element.ValueKind == JsonValueKind.Undefined
            ? Element.ValueKind == other.Element.ValueKind
            : JsonElement.DeepEquals(Element, other.Element);

    public override bool Equals(object? obj) => obj is JsonLiteral other && Equals(other);

    // Kind only: cheap, and consistent with DeepEquals.
    public override int GetHashCode() => (int)Element.ValueKind;

    public override string ToString() => Element.ValueKind == JsonValueKind.Undefined ? "" : Element.GetRawText();

    public static bool operator ==(JsonLiteral left, JsonLiteral right) => left.Equals(right);

    public static bool operator !=(JsonLiteral left, JsonLiteral right) => !left.Equals(right);
}
