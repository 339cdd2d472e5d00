using System.Globalization;
using System.Text.RegularExpressions;
using Suyuan.Core.Identifiers;
using Suyuan.Features.Trace;

namespace Suyuan.Features.Recording;

/// <summary>What a field holds, and so how it is read, checked and shown.</summary>
internal enum FieldKind
{
    Text,
    Choice,
    Count,
    /// <summary>A weight: <c>{name}</c> in kg, or the same name with Jin in place of Kg in 斤 (0.5 kg); stored in kg.</summary>
    Weight,
    /// <summary>A price per kg, or per 斤 under the Jin name; stored per kg.</summary>
    PricePerWeight,
    Date,
    /// <summary>A lot or unit: a platform trace code, an EPC URI or a GS1 Digital Link.</summary>
    Item,
    PlatformCode,
    DrugCode,
    ResidentId,
    YesNo,
}

/// <summary>One field of a recording action: its JSON name (also the template's English header), its labels, kind and example.</summary>
internal sealed record RecordField(string Name, string Zh, string En, FieldKind Kind, bool Required, string Example)
{
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>A pattern the text must match, with what to say when it does not.</summary>
    public Regex? Pattern { get; init; }

    public string? PatternZh { get; init; }

    public string? PatternEn { get; init; }

    public int MaxLength { get; init; } = 100;

    /// <summary>A hint shown under the input (zh, en).</summary>
    public (string Zh, string En)? Hint { get; init; }

    /// <summary>The 斤 form of a kg field: weightKg → weightJin, unitPriceYuanPerKg → unitPriceYuanPerJin.</summary>
    public string? JinName => Kind is FieldKind.Weight or FieldKind.PricePerWeight && Name.EndsWith("Kg", StringComparison.Ordinal) ? Name[..^2] + "Jin" : null;
}

/// <summary>A field that is wrong: the JSON pointer of the field and what is wrong, in both languages.</summary>
internal sealed record FieldError(string Field, string Zh, string En)
{
    public string Pointer => "/" + Field;
}

/// <summary>The checked values of one record: typed, in SI units, identifiers in the form events carry.</summary>
internal sealed class RecordValues
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    public void Set(string name, object value) => _values[name] = value;

    public string? Text(string name) => _values.TryGetValue(name, out var v) ? v as string : null;

    public string Need(string name) => Text(name) ?? throw new InvalidOperationException($"{name} was not checked");

    public decimal? Number(string name) => _values.TryGetValue(name, out var v) && v is decimal d ? d : null;

    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v is true;

    public DateOnly? Day(string name) => _values.TryGetValue(name, out var v) && v is DateOnly d ? d : null;

    /// <summary>The unit the person typed a weight in ("kg" or "斤"), to show it back the way it was given.</summary>
    public string UnitOf(string name) => _values.TryGetValue(name + "#unit", out var v) && v is string u ? u : "kg";
}

/// <summary>Reads and checks raw field values (strings from JSON, forms or spreadsheet cells) against an action's fields.</summary>
internal static partial class RecordFieldReader
{
    public const decimal KgPerJin = 0.5m;

    public static RecordValues Read(IReadOnlyList<RecordField> fields, IReadOnlyDictionary<string, string> raw, List<FieldError> errors)
    {
        var values = new RecordValues();
        foreach (var field in fields)
        {
            var (name, text) = Pick(field, raw);
            if (field.JinName is { } jinName && name == field.Name && raw.TryGetValue(jinName, out var both) && !string.IsNullOrWhiteSpace(both))
            {
                errors.Add(new(jinName, $"{field.Zh}请只填公斤或斤其中一项", $"give {field.En} in kg or in jin, not both"));
                continue;
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                if (field.Required)
                {
                    errors.Add(new(field.Name, $"请填写{field.Zh}", $"{field.En} is required"));
                }
                continue;
            }
            text = text.Trim();
            if (text.Length > field.MaxLength)
            {
                errors.Add(new(name, $"{field.Zh}最多 {field.MaxLength} 个字", $"{field.En} is longer than {field.MaxLength} characters"));
                continue;
            }
            if (Hosting.InvisibleControls.In(text))
            {
                errors.Add(new(name, $"{field.Zh}含有不可见的控制字符", $"{field.En} holds invisible control characters"));
                continue;
            }
            var error = ReadOne(field, name, text, values);
            if (error is not null)
            {
                errors.Add(error);
            }
        }
        return values;
    }

    /// <summary>Which of the field's names was given: the kg name, else the 斤 name.</summary>
    private static (string Name, string? Text) Pick(RecordField field, IReadOnlyDictionary<string, string> raw)
    {
        if (raw.TryGetValue(field.Name, out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return (field.Name, text);
        }
        if (field.JinName is { } jin && raw.TryGetValue(jin, out var jinText) && !string.IsNullOrWhiteSpace(jinText))
        {
            return (jin, jinText);
        }
        return (field.Name, null);
    }

    private static FieldError? ReadOne(RecordField field, string name, string text, RecordValues values)
    {
        switch (field.Kind)
        {
            case FieldKind.Text:
                if (field.Pattern is { } pattern && !pattern.IsMatch(text))
                {
                    return new(name, field.PatternZh ?? $"{field.Zh}格式不正确", field.PatternEn ?? $"{field.En} is not in the expected form");
                }
                values.Set(field.Name, text);
                return null;
            case FieldKind.Choice:
                var choice = field.Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
                if (choice is null)
                {
                    return new(name, $"{field.Zh}只能是：{string.Join("、", field.Choices)}", $"{field.En} must be one of: {string.Join(", ", field.Choices)}");
                }
                values.Set(field.Name, choice);
                return null;
            case FieldKind.Count:
                if (!decimal.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count <= 0 || count > 1_000_000)
                {
                    return new(name, $"{field.Zh}须为正整数", $"{field.En} must be a whole number above zero");
                }
                values.Set(field.Name, count);
                return null;
            case FieldKind.Weight or FieldKind.PricePerWeight:
                // A decimal point only: "1,5" is not read as 15 (a thousands separator) nor guessed to be 1.5.
                if (text.Contains(',') || text.Contains('，'))
                {
                    return new(name, $"{field.Zh}请用小数点“.”，不要用逗号", $"{field.En}: write the decimal point as '.', without commas");
                }
                if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
                {
                    return new(name, $"{field.Zh}须为大于 0 的数字", $"{field.En} must be a number above zero");
                }
                if (amount > 100_000_000)
                {
                    return new(name, $"{field.Zh}不能超过 100000000", $"{field.En} may not be more than 100,000,000");
                }
                if (decimal.Round(amount, 3) != amount)
                {
                    return new(name, $"{field.Zh}最多保留 3 位小数", $"{field.En} has more than 3 decimals");
                }
                var jin = name != field.Name;
                // 1 斤 = 0.5 kg: a weight in 斤 halves, a price per 斤 doubles.
                var si = !jin ? amount : field.Kind == FieldKind.Weight ? amount * KgPerJin : amount / KgPerJin;
                values.Set(field.Name, si);
                values.Set(field.Name + "#unit", jin ? "斤" : "kg");
                return null;
            case FieldKind.Date:
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial is > 20_000 and < 80_000)
                {
                    // A date cell of a spreadsheet arrives as Excel's day number.
                    values.Set(field.Name, DateOnly.FromDateTime(DateTime.FromOADate(serial)));
                    return null;
                }
                if (!DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return new(name, $"{field.Zh}须为日期，如 2026-05-01", $"{field.En} must be a date like 2026-05-01");
                }
                values.Set(field.Name, day);
                return null;
            case FieldKind.Item:
                if (!TraceIds.TryCanonicalise(text, out var canonical, out var why) || canonical.StartsWith(TraceIds.EarTagPrefix, StringComparison.Ordinal))
                {
                    return new(name, $"{field.Zh}须为 20 位追溯码、EPC 或 GS1 数字链接", $"{field.En} must be a 20-digit trace code, an EPC URI or a GS1 Digital Link" + (why.Length > 0 ? ": " + why : ""));
                }
                // EPC URIs are kept as written (the demo's form); trace codes become their URN, Digital Links their canonical form.
                values.Set(field.Name, text.StartsWith("urn:epc:", StringComparison.Ordinal) ? text : canonical);
                return null;
            case FieldKind.PlatformCode:
                var code = PlatformTraceCode.Validate(text);
                if (!code.IsValid)
                {
                    return new(name, $"{field.Zh}须为 20 位平台追溯码（校验位正确）", $"{field.En} must be a 20-digit platform trace code: {code.Reason}");
                }
                values.Set(field.Name, code.Code!.Digits);
                return null;
            case FieldKind.DrugCode:
                var digits = text.Replace(" ", "", StringComparison.Ordinal);
                if (!DrugCode().IsMatch(digits))
                {
                    return new(name, $"{field.Zh}须为 20 位药品追溯码（前 7 位为药品标识码）", $"{field.En} must be a 20-digit drug trace code (7-digit drug identification code first)");
                }
                values.Set(field.Name, digits);
                return null;
            case FieldKind.ResidentId:
                var id = text.ToUpperInvariant();
                if (!IsResidentId(id))
                {
                    return new(name, $"{field.Zh}不是有效的 18 位身份证号码", $"{field.En} is not a valid 18-character resident ID number");
                }
                // Only the masked form leaves this method: events are read by many, the full number stays with the dealer.
                values.Set(field.Name, id[..6] + new string('*', 8) + id[14..]);
                return null;
            case FieldKind.YesNo:
                bool? flag = text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "是" or "1" or "on" or "y" => true,
                    "false" or "no" or "否" or "0" or "off" or "n" => false,
                    _ => null,
                };
                if (flag is null)
                {
                    return new(name, $"{field.Zh}只能填 是 或 否", $"{field.En} must be yes or no");
                }
                values.Set(field.Name, flag.Value);
                return null;
            default:
                throw new InvalidOperationException($"no reader for {field.Kind}");
        }
    }

    /// <summary>GB 11643: 17 digits and a mod-11 check character (X for 10).</summary>
    public static bool IsResidentId(string id)
    {
        if (id.Length != 18 || !id[..17].All(char.IsAsciiDigit))
        {
            return false;
        }
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * weights[i];
        }
        return id[17] == "10X98765432"[sum % 11];
    }

    [GeneratedRegex(@"^\d{20}$")]
    private static partial Regex DrugCode();
}
