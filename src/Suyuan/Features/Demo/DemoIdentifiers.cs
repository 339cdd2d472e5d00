using System.Globalization;
using Suyuan.Core.Identifiers;

namespace Suyuan.Features.Demo;

/// <summary>Builds the demo city's identifiers with correct check characters: GS1 keys as EPC URIs, USCCs, ear tags, trace codes.</summary>
internal static class DemoIdentifiers
{
    /// <summary>The project's extension namespace and its prefix in every demo document's @context.</summary>
    public const string Namespace = "https://suyuan.example.cn/epcis/";
    public const string Prefix = "sy";

    /// <summary>Documents that are not GS1 keys (vouchers, bills) are web URIs under the platform's domain.</summary>
    public const string IdBase = "https://suyuan.example.cn/id/";

    /// <summary>The platform's own identifier forms, the ones the trace engine keys lineage by.</summary>
    public const string TraceCodeUrnPrefix = "urn:suyuan:trace:";
    public const string EarTagUrnPrefix = "urn:suyuan:eartag:";

    public const string FillingBizStep = Namespace + "bizstep/filling";

    public static string Gln(string companyPrefix, int locationReference) => WithCheck(companyPrefix + D(locationReference, 12 - companyPrefix.Length));

    public static string Sgln(string companyPrefix, int locationReference) => $"urn:epc:id:sgln:{companyPrefix}.{D(locationReference, 12 - companyPrefix.Length)}.0";

    public static string Pgln(string companyPrefix) => $"urn:epc:id:pgln:{companyPrefix}.{D(0, 12 - companyPrefix.Length)}";

    public static string Gtin(string companyPrefix, int itemReference) => WithCheck("0" + companyPrefix + D(itemReference, 12 - companyPrefix.Length));

    public static string Lgtin(string companyPrefix, int itemReference, string lot) => $"urn:epc:class:lgtin:{companyPrefix}.0{D(itemReference, 12 - companyPrefix.Length)}.{lot}";

    public static string Sgtin(string companyPrefix, int itemReference, string serial) => $"urn:epc:id:sgtin:{companyPrefix}.0{D(itemReference, 12 - companyPrefix.Length)}.{serial}";

    /// <summary>SSCC EPC URI: extension digit 0, then the serial reference filling the 17 data digits.</summary>
    public static string Sscc(string companyPrefix, long serialReference) => $"urn:epc:id:sscc:{companyPrefix}.0{D(serialReference, 16 - companyPrefix.Length)}";

    public static string SsccDigits(string companyPrefix, long serialReference) => WithCheck("0" + companyPrefix + D(serialReference, 16 - companyPrefix.Length));

    public static string Giai(string companyPrefix, string assetReference) => $"urn:epc:id:giai:{companyPrefix}.{assetReference}";

    /// <summary>A USCC: registration authority 9 (market regulation), category 1 (enterprise) or 2 (individual business), region, organisation code, check.</summary>
    public static string Uscc(char category, string region, long organisationSerial)
    {
        var first17 = "9" + category + region + OrganisationCode(organisationSerial);
        return first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
    }

    /// <summary>A GB 11714 organisation code: 8 digits and its mod-11 check character (10 is X, 11 is 0).</summary>
    public static string OrganisationCode(long serial)
    {
        int[] weights = [3, 7, 9, 10, 5, 8, 4, 2];
        var body = D(serial % 100_000_000, 8);
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (body[i] - '0') * weights[i];
        }
        var check = 11 - sum % 11;
        return body + check switch { 10 => "X", 11 => "0", _ => check.ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary>A pig's ear tag (畜禽标识): species 1, the county's GB/T 2260 code, an 8-digit serial.</summary>
    public static string EarTag(string county, long serial) => "1" + county + D(serial % 100_000_000, 8);

    public static string EarTagUri(string earTag) => EarTagUrnPrefix + earTag;

    /// <summary>
    /// A platform trace code in the shape of <see cref="PlatformTraceCode"/> (region, 15 digits, Damm check) but reproducible:
    /// the 15 digits are a bijective scramble of a unique index, so a seeded demo prints the same receipts every run.
    /// </summary>
    public static string TraceCode(string region, long uniqueIndex, int seed)
    {
        const long space = 1_000_000_000_000_000;
        var scrambled = (long)((UInt128)(ulong)uniqueIndex * 738_219_473_911UL % space + (ulong)Math.Abs(seed) * 91_237UL % space) % space;
        var data = region[..PlatformTraceCode.RegionLength] + D(scrambled, PlatformTraceCode.RandomLength);
        return data + PlatformTraceCode.CheckDigit(data);
    }

    public static string TraceCodeUri(string code) => TraceCodeUrnPrefix + code;

    /// <summary>A 20-digit drug trace code: the 7-digit drug identification code and 13 digits unique per sales unit (fictional; the real check is not public).</summary>
    public static string DrugTraceCode(string drugIdentificationCode, long uniqueIndex) =>
        drugIdentificationCode + D((long)((UInt128)(ulong)uniqueIndex * 6_364_136_223UL % 10_000_000_000_000UL), 13);

    public static string D(long value, int digits) => value.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');

    private static string WithCheck(string digits) => digits + Gs1CheckDigit.Compute(digits);
}
