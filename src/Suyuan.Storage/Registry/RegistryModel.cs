namespace Suyuan.Storage.Registry;

/// <summary>What a registered identifier is to its enterprise.</summary>
public static class RegisteredIdKinds
{
    public const string Party = "party";
    public const string Location = "location";
    public const string Subject = "subject";
}

/// <summary>A party, location or platform subject code of an enterprise, in canonical form.</summary>
public sealed record RegisteredId(string Id, string Kind);

public sealed record Licence(string Kind, string Number, DateOnly ValidUntil);

/// <summary>A contact person; the phone is personal data (masked outside the single-enterprise view).</summary>
public sealed record Contact(string Name, string Phone);

/// <summary>
/// An enterprise (主体) as registered. <paramref name="CheckConfirmed"/> marks an early code that fails the GB 32100 check and
/// was accepted because an operator confirmed it.
/// </summary>
public sealed record EnterpriseRecord(string Uscc, string Name, string Region, bool CheckConfirmed, IReadOnlyList<string> NodeTypes,
    IReadOnlyList<string> Categories, IReadOnlyList<Licence> Licences, IReadOnlyList<RegisteredId> Ids, IReadOnlyList<Contact> Contacts,
    DateTimeOffset RegisteredAt, DateTimeOffset UpdatedAt, IReadOnlyList<string>? ProductLines = null);

/// <summary>What to list; null means any. <paramref name="AnyCategory"/> keeps enterprises tracing at least one of them (a department's categories).</summary>
public sealed record EnterpriseFilter(string? Query = null, string? Region = null, string? NodeType = null, string? Category = null,
    IReadOnlyList<string>? AnyCategory = null, int Offset = 0, int Limit = 100);

public sealed record EnterprisePage(IReadOnlyList<EnterpriseRecord> Items, long Total);

/// <summary>Registered enterprises counted per category × node type × region (an enterprise counts once in each of its cells).</summary>
public sealed record RegistrationCount(string Category, string NodeType, string Region, long Enterprises);

/// <summary>Events reported at an enterprise's locations on one day (UTC+8).</summary>
public sealed record ActivityDay(string Uscc, DateOnly Day, long Events);

/// <summary>When an enterprise last reported (null: never), and how many events its locations have seen in all.</summary>
public sealed record LastReported(string Uscc, string Name, DateTimeOffset? LastEventTime, DateTimeOffset? LastRecordTime, long Events);

/// <summary>One event seen at a location, for the activity counts.</summary>
public sealed record ActivityHit(long Sequence, string LocationId, DateTimeOffset EventTime, DateTimeOffset RecordTime);

public sealed record TraceCodeBatch(long Id, string Uscc, string Region, DateTimeOffset IssuedAt, IReadOnlyList<string> Codes);

public sealed record TraceCodeIssuer(string Code, string Uscc, long BatchId, DateTimeOffset IssuedAt);

/// <summary>Catalogue listings: the national key list, the encouraged list and the city's own.</summary>
public static class CatalogueListings
{
    public const string NationalKey = "national-key";
    public const string Encouraged = "encouraged";
    public const string Local = "local";

    public static IReadOnlyList<string> All { get; } = [NationalKey, Encouraged, Local];
}

/// <summary>A product in the catalogue: a GTIN-14, or a platform product code when it has none.</summary>
public sealed record CatalogueEntry(long Id, string Category, string Department, string Listing, string Name, string? Gtin, string? ProductCode, DateTimeOffset CreatedAt);

public sealed record NewCatalogueEntry(string Category, string Department, string Listing, string Name, string? Gtin);

/// <summary>A write refused because it collides with what is registered; <see cref="Pointer"/> names the field.</summary>
public sealed class RegistryConflictException(string pointer, string message) : Exception(message)
{
    public string Pointer { get; } = pointer;
}

/// <summary>Everything the enterprise directory caches: owner per id, ids and categories per enterprise.</summary>
public sealed record DirectorySnapshot(IReadOnlyDictionary<string, string> OwnerById, IReadOnlyDictionary<string, IReadOnlySet<string>> IdsByUscc,
    IReadOnlyDictionary<string, IReadOnlySet<string>> CategoriesByUscc);
