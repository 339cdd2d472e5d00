using System.Text.Json;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>JSON equality as uniqueItems uses it in JsonSchema.Net: strings by value, numbers by their text, objects regardless of member order.</summary>
internal static class JsonValues
{
    public static readonly IEqualityComparer<JsonElement> Comparer = new EqualityComparer();

    public static bool Equal(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }
        switch (a.ValueKind)
        {
            case JsonValueKind.String:
                // Compares the unescaped values without allocating.
                return JsonElement.DeepEquals(a, b);
            case JsonValueKind.Number:
                return a.GetRawText() == b.GetRawText();
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return false;
                }
                using (var ea = a.EnumerateArray().GetEnumerator())
                using (var eb = b.EnumerateArray().GetEnumerator())
                {
                    while (ea.MoveNext() && eb.MoveNext())
                    {
                        if (!Equal(ea.Current, eb.Current))
                        {
                            return false;
                        }
                    }
                }
                return true;
            case JsonValueKind.Object:
                var count = 0;
                foreach (var property in a.EnumerateObject())
                {
                    count++;
                    if (!b.TryGetProperty(property.Name, out var other) || !Equal(property.Value, other))
                    {
                        return false;
                    }
                }
                return count == b.EnumerateObject().Count();
            default:
                return true;
        }
    }

    private sealed class EqualityComparer : IEqualityComparer<JsonElement>
    {
        public bool Equals(JsonElement x, JsonElement y) => Equal(x, y);

        // Coarse on purpose: equal values must hash alike, and only strings (EPC lists) come in numbers large enough to matter.
        public int GetHashCode(JsonElement e) =>
            e.ValueKind == JsonValueKind.String ? StringComparer.Ordinal.GetHashCode(e.GetString()!) : (int)e.ValueKind;
    }
}
