using System.Globalization;
using Suyuan.Core.Epcis.Validation;

namespace Suyuan.Core.Epcis;

/// <summary>
/// EPCIS date-times, read one way wherever they occur (event times, declaration and sensor times, a document's
/// creationDate, query bounds): RFC 3339 with an offset or 'Z' as the JSON Schema date-time format takes it, the date and
/// time separated by 'T' or, as RFC 3339 allows, a space (or '_'); a leap second (:60 in the last minute of a UTC day) is
/// kept as the second before it (.NET times have no 61st second).
/// </summary>
public static class EpcisDateTime
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (!DateTimeText.IsValid(text))
        {
            return false;
        }
        if (text[^1] == '\n')
        {
            text = text[..^1];
        }
        if (text[10] != 'T' || text[17] == '6' && text[18] == '0')
        {
            var chars = text.ToCharArray();
            chars[10] = 'T';
            if (chars[17] == '6' && chars[18] == '0')
            {
                chars[17] = '5';
                chars[18] = '9';
            }
            text = new string(chars);
        }
        if (text.Length > 27 && text[19] == '.')
        {
            // Digits past the 100 ns .NET holds are cut, as the store cuts past the millisecond: parsing would round them,
            // and 23:59:59.99999999 would become the next day.
            var end = 20;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
            if (end > 27)
            {
                text = string.Concat(text.AsSpan(0, 27), text.AsSpan(end));
            }
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
