namespace Suyuan.Core.Epcis.Validation;

/// <summary>The JSON Schema <c>date-time</c> format as JsonSchema.Net asserts it (RFC 3339 with its leniencies), without a regex.</summary>
internal static class DateTimeText
{
    public static bool IsValid(string text)
    {
        var s = text.AsSpan();
        // The library's anchored regex ends in '$', which also matches before one final newline.
        if (s.Length > 0 && s[^1] == '\n')
        {
            s = s[..^1];
        }
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] is not ('T' or 't' or '_' or ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }
        var i = 19;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == start)
            {
                return false;
            }
        }
        if (i >= s.Length)
        {
            return false;
        }
        int offsetHour = 0, offsetMinute = 0;
        var sign = s[i];
        if (sign is 'Z' or 'z')
        {
            if (i + 1 != s.Length)
            {
                return false;
            }
        }
        else if (sign is '+' or '-')
        {
            if (i + 6 != s.Length || s[i + 3] != ':' || !Digits(s, i + 1, 2, out offsetHour) || !Digits(s, i + 4, 2, out offsetMinute))
            {
                return false;
            }
        }
        else
        {
            return false;
        }
        // Year 0000 matches the syntax, but the library cannot take it (DateTime.DaysInMonth throws); it is refused here.
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        if (hour > 23 || minute > 59 || second > 60 || offsetHour > 23 || offsetMinute > 59)
        {
            return false;
        }
        return second < 60 || IsLeapSecondMinute(hour, minute, sign, offsetHour, offsetMinute);
    }

    // RFC 3339: a leap second falls in the last minute of a UTC day (the date itself is not checked, as in the library).
    private static bool IsLeapSecondMinute(int hour, int minute, char sign, int offsetHour, int offsetMinute)
    {
        var utc = hour * 60 + minute + (sign == '+' ? -(offsetHour * 60 + offsetMinute) : sign == '-' ? offsetHour * 60 + offsetMinute : 0);
        utc = ((utc % 1440) + 1440) % 1440;
        return utc == 23 * 60 + 59;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
