using System.Globalization;
using Suyuan.Core.Domain;
using Suyuan.Core.Identifiers;
using Suyuan.Storage.Registry;

namespace Suyuan.Features.Registry;

internal sealed record LicenceInput(string? Kind, string? Number, string? ValidUntil);

internal sealed record ContactInput(string? Name, string? Phone);

/// <summary>An enterprise as sent to <c>POST /api/enterprises</c> or given to <c>suyuan enterprise add</c>.</summary>
/// <param name="ConfirmCheckFailure">The operator confirms that a code failing the GB 32100 check was legally issued so (early codes).</param>
internal sealed record EnterpriseInput(string? Uscc, string? Name, IReadOnlyList<string?>? NodeTypes, string? Region = null,
    IReadOnlyList<LicenceInput?>? Licences = null, IReadOnlyList<string?>? Parties = null, IReadOnlyList<string?>? Locations = null,
    IReadOnlyList<ContactInput?>? Contacts = null, IReadOnlyList<string?>? Categories = null, bool ConfirmCheckFailure = false,
    IReadOnlyList<string?>? ProductLines = null);

/// <summary>Why an enterprise is refused: the field (JSON pointer) and what is wrong; <paramref name="Expected"/> is the check character a USCC should end with.</summary>
internal sealed record Refusal(string Pointer, string Detail, string? Expected = null);

/// <summary>The registration rules, one place for the API and the command line: every refusal names its field.</summary>
internal static class EnterpriseRules
{
    public const int ExpiringDays = 30;

    /// <summary>Today in Nantong: licence validity is judged by the local date.</summary>
    public static DateOnly Today(TimeProvider clock) => ChinaStandardTime.DateOf(clock.GetUtcNow());

    /// <summary>The record to store, or the first refusal.</summary>
    public static (EnterpriseRecord? Record, Refusal? Refusal) Validate(EnterpriseInput? input, TimeProvider clock, string? pathUscc = null)
    {
        if (input is null)
        {
            return (null, new Refusal("", "the body must be a JSON object describing the enterprise"));
        }
        var (uscc, confirmed, usccRefusal) = ReadUscc(input.Uscc, input.ConfirmCheckFailure);
        if (usccRefusal is not null)
        {
            return (null, usccRefusal);
        }
        if (pathUscc is not null && !string.Equals(pathUscc, uscc, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new Refusal("/uscc", $"the body's code {uscc} is not the code in the path, {pathUscc}"));
        }
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return (null, new Refusal("/name", "the enterprise's name is required"));
        }
        if (name.Length > 200)
        {
            return (null, new Refusal("/name", "the name is longer than 200 characters"));
        }
        if (input.NodeTypes is not { Count: > 0 })
        {
            return (null, new Refusal("/nodeTypes", $"at least one node type is required; one of: {string.Join(", ", NodeTypes.All.Select(n => n.Code))}"));
        }
        var nodeTypes = new List<string>();
        for (var i = 0; i < input.NodeTypes.Count; i++)
        {
            if (input.NodeTypes[i]?.Trim() is not { } code || NodeTypes.Find(code) is null)
            {
                return (null, new Refusal($"/nodeTypes/{i}", $"unknown node type '{input.NodeTypes[i]}'; one of: {string.Join(", ", NodeTypes.All.Select(n => n.Code))}"));
            }
            nodeTypes.Add(code);
        }
        string region;
        if (input.Region is null)
        {
            // The registration region is positions 3–8 of the code.
            var fromCode = Regions.Read(uscc[2..8]);
            if (!fromCode.IsValid)
            {
                return (null, new Refusal("/region", $"the region is required: positions 3–8 of the code ({uscc[2..8]}) are not a region: {fromCode.Reason}"));
            }
            region = fromCode.Code!;
        }
        else
        {
            var read = Regions.Read(input.Region);
            if (!read.IsValid)
            {
                return (null, new Refusal("/region", read.Reason!));
            }
            region = read.Code!;
        }
        var today = Today(clock);
        var licences = new List<Licence>();
        for (var i = 0; i < (input.Licences?.Count ?? 0); i++)
        {
            var l = input.Licences![i];
            var pointer = $"/licences/{i}";
            if (string.IsNullOrWhiteSpace(l?.Kind) || l.Kind.Length > 100)
            {
                return (null, new Refusal(pointer + "/kind", "a licence needs its kind (e.g. 食品经营许可证), at most 100 characters"));
            }
            if (string.IsNullOrWhiteSpace(l.Number) || l.Number.Length > 100)
            {
                return (null, new Refusal(pointer + "/number", "a licence needs its number, at most 100 characters"));
            }
            if (!DateOnly.TryParseExact(l.ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
            {
                return (null, new Refusal(pointer + "/validUntil", $"validUntil must be a date yyyy-MM-dd, not '{l.ValidUntil}'"));
            }
            if (until < today)
            {
                return (null, new Refusal(pointer + "/validUntil", $"licence {l.Number.Trim()} expired on {until:yyyy-MM-dd}: an expired licence cannot be registered"));
            }
            licences.Add(new Licence(l.Kind.Trim(), l.Number.Trim(), until));
        }
        var ids = new List<RegisteredId>();
        foreach (var (list, kind, field) in new[] { (input.Parties, RegisteredIdKinds.Party, "/parties"), (input.Locations, RegisteredIdKinds.Location, "/locations") })
        {
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                var (id, reason) = ReadId(list![i], kind == RegisteredIdKinds.Party, uscc);
                if (id is null)
                {
                    return (null, new Refusal($"{field}/{i}", reason!));
                }
                if (ids.Any(x => x.Id == id))
                {
                    return (null, new Refusal($"{field}/{i}", $"{id} is listed twice"));
                }
                ids.Add(new RegisteredId(id, kind));
            }
        }
        var contacts = new List<Contact>();
        for (var i = 0; i < (input.Contacts?.Count ?? 0); i++)
        {
            var c = input.Contacts![i];
            if (string.IsNullOrWhiteSpace(c?.Name) || c.Name.Length > 100)
            {
                return (null, new Refusal($"/contacts/{i}/name", "a contact needs a name, at most 100 characters"));
            }
            var phone = c.Phone?.Trim();
            var digits = phone?.Count(char.IsAsciiDigit) ?? 0;
            if (phone is null || digits is < 5 or > 20 || !phone.All(ch => char.IsAsciiDigit(ch) || ch is '+' or '-' or ' ' or '(' or ')'))
            {
                return (null, new Refusal($"/contacts/{i}/phone", "a contact needs a phone number: 5 to 20 digits, with + - ( ) or spaces"));
            }
            contacts.Add(new Contact(c.Name.Trim(), phone));
        }
        List<string> categories;
        if (input.Categories is { Count: > 0 })
        {
            categories = [];
            for (var i = 0; i < input.Categories.Count; i++)
            {
                if (input.Categories[i]?.Trim() is not { } code || Categories.Find(code) is null)
                {
                    return (null, new Refusal($"/categories/{i}", $"unknown category '{input.Categories[i]}'; one of: {string.Join(", ", Categories.All.Select(c => c.Code))}"));
                }
                categories.Add(code);
            }
        }
        else
        {
            categories = [.. NodeTypes.CategoriesOf(nodeTypes)];
        }
        var lines = new List<string>();
        for (var i = 0; i < (input.ProductLines?.Count ?? 0); i++)
        {
            if (input.ProductLines![i]?.Trim() is not { } code || ProductLines.Find(code) is not { } line)
            {
                return (null, new Refusal($"/productLines/{i}", $"unknown product line '{input.ProductLines[i]}'; one of: {string.Join(", ", ProductLines.All.Select(p => p.Code))}"));
            }
            if (!categories.Contains(line.Category))
            {
                return (null, new Refusal($"/productLines/{i}", $"product line '{code}' belongs to category '{line.Category}', which the enterprise does not trace"));
            }
            lines.Add(code);
        }
        var now = clock.GetUtcNow();
        return (new EnterpriseRecord(uscc, name, region, confirmed, nodeTypes.Distinct().ToList(), categories.Distinct().ToList(), licences, ids, contacts, now, now,
            lines.Distinct().ToList()), null);
    }

    /// <summary>The code in upper case, whether a failed check was confirmed, or the refusal (with the expected check character when only that is wrong).</summary>
    public static (string Uscc, bool Confirmed, Refusal? Refusal) ReadUscc(string? text, bool confirmCheckFailure)
    {
        var code = text?.Trim().ToUpperInvariant() ?? "";
        var check = UnifiedSocialCreditCode.Validate(code);
        if (check.IsValid)
        {
            return (code, false, null);
        }
        var structureOk = code.Length == UnifiedSocialCreditCode.Length && code.All(c => UnifiedSocialCreditCode.Alphabet.Contains(c));
        if (!structureOk)
        {
            return (code, false, new Refusal("/uscc", check.Reason!));
        }
        var expected = UnifiedSocialCreditCode.CheckCharacter(code.AsSpan(0, UnifiedSocialCreditCode.Length - 1));
        if (confirmCheckFailure)
        {
            return (code, true, null);
        }
        return (code, false, new Refusal("/uscc",
            $"{code} fails the GB 32100 check: the check character is {code[^1]} but should be {expected}. An early code legally issued so is accepted when an operator confirms it (confirmCheckFailure).",
            expected.ToString()));
    }

    /// <summary>A party (PGLN) or location (SGLN, GLN), as an EPC URI, Digital Link or 13 digits, in canonical form; or a platform subject code of this enterprise.</summary>
    public static (string? Id, string? Reason) ReadId(string? text, bool party, string uscc)
    {
        var what = party ? "a party (PGLN as urn:epc:id:pgln:…, a Digital Link /417/…, or a 13-digit GLN)" : "a location (SGLN as urn:epc:id:sgln:…, a Digital Link /414/…, or a 13-digit GLN)";
        var raw = text?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return (null, $"empty: expected {what} or a platform subject code");
        }
        if (raw.StartsWith(PlatformCodes.SubjectPrefix, StringComparison.Ordinal))
        {
            var subject = PlatformCodes.ReadSubject(raw);
            return subject is null ? (null, $"{raw} is not a platform subject code ({PlatformCodes.SubjectPrefix} + region 6 + USCC 18 + node 2)")
                : subject.Value.Uscc != uscc ? (null, $"{raw} is the subject code of {subject.Value.Uscc}, not of {uscc}")
                : (raw, null);
        }
        var ai = party ? "417" : "414";
        if (raw.All(char.IsAsciiDigit))
        {
            var gln = Gs1Key.ValidateGln(raw);
            return gln.IsValid ? ($"{DigitalLink.CanonicalStem}/{ai}/{raw}", null) : (null, gln.Reason);
        }
        var canonical = Canonical(raw);
        return canonical.StartsWith($"{DigitalLink.CanonicalStem}/{ai}/", StringComparison.Ordinal)
            ? (canonical, null)
            : (null, $"{raw} is not {what} or a platform subject code");
    }

    /// <summary>
    /// The canonical form the registry keys ids by: <see cref="IdentifierConverter.Canonicalise"/>, with a Digital Link's explicit
    /// <c>/254/0</c> dropped, since an SGLN EPC URI with extension 0 canonicalises without it.
    /// </summary>
    public static string Canonical(string id)
    {
        var canonical = IdentifierConverter.Canonicalise(id.Trim());
        return canonical.StartsWith(DigitalLink.CanonicalStem + "/414/", StringComparison.Ordinal) && canonical.EndsWith("/254/0", StringComparison.Ordinal)
            ? canonical[..^"/254/0".Length] : canonical;
    }

    /// <summary>A location's canonical Digital Link without its extension (<c>/414/{gln}/254/{ext}</c> → <c>/414/{gln}</c>): the place it is part of.</summary>
    public static string Gln(string canonical)
    {
        var extension = canonical.IndexOf("/254/", StringComparison.Ordinal);
        return extension > 0 && canonical.Contains("/414/", StringComparison.Ordinal) ? canonical[..extension] : canonical;
    }

    /// <summary>A phone with all but the first three and last four digits hidden (138****5678).</summary>
    public static string MaskPhone(string phone)
    {
        var digits = phone.Where(char.IsAsciiDigit).ToArray();
        return digits.Length <= 7 ? new string('*', digits.Length) : new string(digits[..3]) + new string('*', digits.Length - 7) + new string(digits[^4..]);
    }

    /// <summary>"expired", "expiring" (within <see cref="ExpiringDays"/> days) or "valid".</summary>
    public static string LicenceStatus(DateOnly validUntil, DateOnly today) =>
        validUntil < today ? "expired" : validUntil <= today.AddDays(ExpiringDays) ? "expiring" : "valid";
}
