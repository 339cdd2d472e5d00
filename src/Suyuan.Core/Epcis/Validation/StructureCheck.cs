using System.Text;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Validation;

/// <summary>
/// The EPCIS 2.0 JSON Schema decided by hand over a JsonElement: the same verdict as JsonSchema.Net with date-time asserted
/// and uri not (so propertyNames never fail), problems at the same pointers with the same rules (schema locations).
/// A valid event costs no allocation beyond the strings the enum, pattern and date-time checks read.
/// </summary>
internal sealed partial class StructureCheck
{
    private readonly List<ValidationProblem> problems = [];
    private Segment[] path = new Segment[16];
    private int depth;
    // Failures the schema path does not report (a failed 'not'): they fail their anyOf branch without a problem of their own.
    private int unreported;
    private bool contextOptional;

    private readonly record struct Segment(string? Name, int Index);

    /// <summary>
    /// The structural problems of a document or single event; empty when the schema accepts it. An event read from a
    /// document's eventList, or posted alone, may go without an @context of its own (<paramref name="contextOptional"/>):
    /// the document's, or the default one, applies.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> Check(JsonElement root, bool contextOptional = false)
    {
        // One checker per thread, emptied before use: every captured event is checked.
        var check = t_check ??= new StructureCheck();
        check.depth = 0;
        check.unreported = 0;
        check.contextOptional = contextOptional;
        try
        {
            check.Root(root);
            // One problem per location, as the schema path reports them.
            return check.problems.Count == 0 ? [] : check.problems.DistinctBy(p => p.Pointer).ToList();
        }
        finally
        {
            // Nothing of the document is kept alive by the thread's checker.
            check.ev = default;
            check.problems.Clear();
        }
    }

    [ThreadStatic]
    private static StructureCheck? t_check;

    // ---- location and problems ----

    private void Push(string name)
    {
        if (depth == path.Length)
        {
            Array.Resize(ref path, depth * 2);
        }
        path[depth++] = new Segment(name, 0);
    }

    private void Push(int index)
    {
        if (depth == path.Length)
        {
            Array.Resize(ref path, depth * 2);
        }
        path[depth++] = new Segment(null, index);
    }

    private void Pop() => depth--;

    private string Pointer(string? child = null)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            sb.Append('/');
            if (path[i].Name is { } name)
            {
                sb.Append(JsonPointerText.Escape(name));
            }
            else
            {
                sb.Append(path[i].Index);
            }
        }
        if (child is not null)
        {
            sb.Append('/').Append(JsonPointerText.Escape(child));
        }
        return sb.ToString();
    }

    /// <summary>A problem at the current location.</summary>
    public void Add(string rule, string message) => problems.Add(new ValidationProblem(Pointer(), rule, message));

    private void AddAt(string child, string rule, string message) => problems.Add(new ValidationProblem(Pointer(child), rule, message));

    // ---- keyword helpers ----

    private void Leaf(JsonElement value, SchemaLeaf leaf)
    {
        if (!leaf.Accepts(value))
        {
            leaf.Report(value, this);
        }
    }

    private void Leaf(JsonElement owner, string name, SchemaLeaf leaf)
    {
        if (owner.TryGetProperty(name, out var value) && !leaf.Accepts(value))
        {
            Push(name);
            leaf.Report(value, this);
            Pop();
        }
    }

    private bool IsObject(JsonElement value, string location)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }
        Add(location + "/type", $"{JsonPointerText.Show(value)} must be a object");
        return false;
    }

    private bool IsArray(JsonElement value, string location)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return true;
        }
        Add(location + "/type", $"{JsonPointerText.Show(value)} must be a array");
        return false;
    }

    private void MinItems(JsonElement array, int min, string location)
    {
        if (array.ValueKind == JsonValueKind.Array && array.GetArrayLength() < min)
        {
            Add(location + "/minItems", $"must have at least {min} item(s)");
        }
    }

    private void Required(JsonElement obj, string rule, params ReadOnlySpan<string> names)
    {
        string? first = null;
        List<string>? missing = null;
        foreach (var name in names)
        {
            if (!obj.TryGetProperty(name, out _))
            {
                if (first is null)
                {
                    first = name;
                }
                else
                {
                    (missing ??= [first]).Add(name);
                }
            }
        }
        if (first is not null)
        {
            // Only the first missing name becomes the location; the message names them all.
            AddAt(first, rule, missing is null ? $"'{first}' is required" : $"{string.Join(", ", missing.Select(m => $"'{m}'"))} are required");
        }
    }

    private void Closed(JsonElement obj, string location, params ReadOnlySpan<string> allowed)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var known = false;
            foreach (var name in allowed)
            {
                if (property.NameEquals(name))
                {
                    known = true;
                    break;
                }
            }
            if (!known)
            {
                AddAt(property.Name, location + "/additionalProperties", $"'{property.Name}' is not allowed here");
            }
        }
    }

    private void LeafItems(JsonElement array, SchemaLeaf item)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (!item.Accepts(element))
            {
                Push(i);
                item.Report(element, this);
                Pop();
            }
            i++;
        }
    }

    private void Items(JsonElement array, Action<StructureCheck, JsonElement> item)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            Push(i++);
            item(this, element);
            Pop();
        }
    }

    private void UniqueItems(JsonElement array, string location)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var count = array.GetArrayLength();
        if (count < 2)
        {
            return;
        }
        if (count <= 16)
        {
            for (var i = 0; i < count; i++)
            {
                for (var j = i + 1; j < count; j++)
                {
                    if (JsonValues.Equal(array[i], array[j]))
                    {
                        Add(location + "/uniqueItems", "items must be unique");
                        return;
                    }
                }
            }
            return;
        }
        var seen = new HashSet<JsonElement>(JsonValues.Comparer);
        foreach (var element in array.EnumerateArray())
        {
            if (!seen.Add(element))
            {
                Add(location + "/uniqueItems", "items must be unique");
                return;
            }
        }
    }

    /// <summary>
    /// anyOf as the schema path reports it: nothing when a branch passes; else the problems of the branch that got furthest
    /// into the instance, or, when several got equally far, one problem naming the alternatives.
    /// </summary>
    private void AnyOf(string rule, JsonElement value, params ReadOnlySpan<Action<StructureCheck, JsonElement>> branches)
    {
        var mark = problems.Count;
        var unreportedMark = unreported;
        List<List<ValidationProblem>>? failed = null;
        foreach (var branch in branches)
        {
            branch(this, value);
            if (problems.Count == mark && unreported == unreportedMark)
            {
                return;
            }
            unreported = unreportedMark;
            if (problems.Count > mark)
            {
                (failed ??= []).Add(problems.GetRange(mark, problems.Count - mark));
                problems.RemoveRange(mark, problems.Count - mark);
            }
        }
        if (failed is null)
        {
            // Only unreported failures: the schema path would report nothing, but the verdict must stay invalid.
            Add(rule + "/anyOf", $"{JsonPointerText.Show(value)} matches none of the allowed forms");
            return;
        }
        var reach = failed.Select(f => f.Max(Reach)).ToList();
        var deepest = reach.Max();
        var best = failed.Where((_, i) => reach[i] == deepest).ToList();
        if (best.Count == 1)
        {
            problems.AddRange(best[0]);
            return;
        }
        var pointers = best.SelectMany(b => b).Select(p => p.Pointer).Distinct().ToList();
        var subject = pointers.Count == 1 ? pointers[0] : Pointer();
        var alternatives = string.Join("; or ", best.Select(b => string.Join(" and ", b.Select(p => p.Message).Distinct())));
        problems.Add(new ValidationProblem(subject, rule + "/anyOf",
            value.ValueKind == JsonValueKind.Object && pointers.Count > 1 ? "needs one of: " + alternatives : $"{JsonPointerText.Show(value)} matches none of the allowed forms: {alternatives}"));
    }

    // How far into the instance a branch got; a missing property is a problem of its parent, not a step further.
    private static int Reach(ValidationProblem p) =>
        JsonPointerText.Depth(p.Pointer) - (p.Rule.EndsWith("/required", StringComparison.Ordinal) ? 1 : 0);

    private void Property(JsonElement owner, string name, Action<StructureCheck, JsonElement> check)
    {
        if (owner.TryGetProperty(name, out var value))
        {
            Push(name);
            check(this, value);
            Pop();
        }
    }
}
