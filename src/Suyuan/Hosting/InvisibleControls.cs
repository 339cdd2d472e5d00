namespace Suyuan.Hosting;

/// <summary>
/// Control characters (NUL, line breaks, C1) and the direction overrides that make text read otherwise than it is stored
/// (U+202A–U+202E, U+2066–U+2069): nothing a person types into a field, and nothing a page should show as written.
/// </summary>
internal static class InvisibleControls
{
    public static bool Is(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    public static bool In(string text) => text.Any(Is);

    /// <summary>The text without them; the same string when it has none.</summary>
    public static string Without(string text) => In(text) ? string.Concat(text.Where(c => !Is(c))) : text;
}
