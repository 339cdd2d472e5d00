namespace Suyuan.Features.Equipment;

/// <summary>
/// Settings of the special-equipment and hazardous-goods rules (configuration section "Equipment", e.g. environment
/// Equipment__Elevators__MaintenanceDays). Periods the regulations state without a confirmed text are settings, not constants.
/// </summary>
internal sealed class EquipmentOptions
{
    public ElevatorOptions Elevators { get; init; } = new();

    public CylinderOptions Cylinders { get; init; } = new();

    public ChemicalOptions Chemicals { get; init; } = new();

    /// <summary>How often overdue elevators are looked for between reads.</summary>
    public int SweepSeconds { get; init; } = 300;
}

internal sealed class ElevatorOptions
{
    /// <summary>Longest gap between two maintenance visits (特种设备安全监察条例 art. 31: at least every 15 days).</summary>
    public int MaintenanceDays { get; init; } = 15;

    /// <summary>The emergency number shown on the car's public page (96333 in many provinces; unverified for Nantong).</summary>
    public string EmergencyPhone { get; init; } = "96333";
}

internal sealed class CylinderOptions
{
    /// <summary>Years between periodic inspections when the gas has no entry below (TSG 23-2021: 3 in general).</summary>
    public int DefaultInspectionYears { get; init; } = 3;

    /// <summary>Years per gas (name as recorded, e.g. 液化石油气) or per class (corrosive, inert, high-purity, household-lpg).</summary>
    public Dictionary<string, int> InspectionYears { get; init; } = new()
    {
        ["household-lpg"] = 4,
        ["corrosive"] = 2,
        ["inert"] = 5,
        ["high-purity"] = 5,
    };

    /// <summary>Gas names and the class they belong to (unlisted gases are "general").</summary>
    public Dictionary<string, string> GasClasses { get; init; } = new()
    {
        ["液化石油气"] = "household-lpg",
        ["LPG"] = "household-lpg",
        ["氯气"] = "corrosive",
        ["氨"] = "corrosive",
        ["氯化氢"] = "corrosive",
        ["二氧化硫"] = "corrosive",
        ["硫化氢"] = "corrosive",
        ["氮气"] = "inert",
        ["氩气"] = "inert",
        ["氦气"] = "inert",
        ["高纯氮"] = "high-purity",
        ["高纯氩"] = "high-purity",
    };

    /// <summary>A cylinder filled more recently than this is refused (filled elsewhere too recently): hours.</summary>
    public double MinimumRefillHours { get; init; } = 24;

    public int YearsFor(string? gas)
    {
        if (gas is null)
        {
            return DefaultInspectionYears;
        }
        if (InspectionYears.TryGetValue(gas, out var byName))
        {
            return byName;
        }
        return GasClasses.TryGetValue(gas, out var cls) && InspectionYears.TryGetValue(cls, out var byClass) ? byClass : DefaultInspectionYears;
    }
}

internal sealed class ChemicalOptions
{
    /// <summary>An unexplained difference is an imbalance when it exceeds both this many kilograms…</summary>
    public decimal ToleranceKg { get; init; } = 0.5m;

    /// <summary>…and this share of what the holder received (1 %).</summary>
    public decimal TolerancePercent { get; init; } = 1m;

    public decimal ToleranceFor(decimal received) => Math.Max(ToleranceKg, received * TolerancePercent / 100m);
}
