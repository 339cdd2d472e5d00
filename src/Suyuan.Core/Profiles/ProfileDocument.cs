using System.Text;

namespace Suyuan.Core.Profiles;

/// <summary>The tables of docs/profiles.md, generated from the profiles and the pesticide data so that the doc cannot drift from them.</summary>
public static class ProfileDocument
{
    public const string Begin = "<!-- generated: profiles (do not edit by hand; see ProfileDocumentTests) -->";
    public const string End = "<!-- end of generated profiles -->";

    public static string Render()
    {
        var s = new StringBuilder();
        s.Append(Begin).Append('\n');
        foreach (var profile in CategoryProfiles.All)
        {
            s.Append($"\n### {profile.NameEn} — {profile.NameZh} (`{profile.Category}`)\n\n");
            s.Append($"Basis: {profile.Basis}\n\n");
            s.Append("| event | bizStep | type / action | recognised without sy:category by | required | recommended |\n|---|---|---|---|---|---|\n");
            foreach (var e in profile.Events)
            {
                var markers = e.Markers.Count == 0 ? "only sy:category" : string.Join(" + ", e.Markers.Select(m => $"`{m}`"));
                var typeAction = (e.EventType ?? "any") + (e.Action is null ? "" : " " + e.Action);
                s.Append($"| `{e.Code}` {e.NameEn} ({e.NameZh}) | `{e.BizStep}` | {typeAction} | {markers} | {Elements(e, Requirement.Required)} | {Elements(e, Requirement.Recommended)} |\n");
            }
        }
        s.Append("\n### Banned pesticides (dated data)\n\n| ingredient | since | banned on | source |\n|---|---|---|---|\n");
        foreach (var b in BannedPesticides.All)
        {
            s.Append($"| {b.IngredientZh} ({b.IngredientEn}) | {b.Since:yyyy-MM-dd} | {(b.Outright ? "all uses" : string.Join(", ", b.CropGroups))} | {b.Source} |\n");
        }
        s.Append("\n### Pesticide safety intervals (data)\n\n| ingredient | crop group | days | source |\n|---|---|---|---|\n");
        foreach (var i in SafetyIntervals.All)
        {
            s.Append($"| {i.IngredientZh} | {i.CropGroup ?? "any"} | {i.Days} | {i.Source} |\n");
        }
        s.Append('\n').Append(End).Append('\n');
        return s.ToString();
    }

    /// <summary>The document with its generated part replaced by <see cref="Render"/>.</summary>
    public static string Refresh(string document)
    {
        var begin = document.IndexOf(Begin, StringComparison.Ordinal);
        var end = document.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException("the document has no generated profiles section");
        }
        var after = end + End.Length;
        if (after < document.Length && document[after] == '\n')
        {
            after++;
        }
        return document[..begin] + Render() + document[after..];
    }

    private static string Elements(ProfileEvent e, Requirement requirement) =>
        string.Join("; ", e.Elements.Where(x => x.Requirement == requirement).Select(x => $"{x.NameEn} {string.Join(" or ", x.Paths.Select(p => $"`{p}`"))}"));
}
