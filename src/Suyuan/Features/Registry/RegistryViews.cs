using Suyuan.Core.Domain;
using Suyuan.Storage.Registry;

namespace Suyuan.Features.Registry;

internal sealed record LicenceView(string Kind, string Number, DateOnly ValidUntil, string Status);

internal sealed record ContactView(string Name, string Phone);

/// <summary>An enterprise as the API shows it; contacts' phones are masked except in the single-enterprise view.</summary>
internal sealed record EnterpriseView(string Uscc, string Name, string Region, string RegionName, string? SubjectCode, bool CheckConfirmed,
    IReadOnlyList<string> NodeTypes, IReadOnlyList<string> Categories, IReadOnlyList<string> Parties, IReadOnlyList<string> Locations,
    IReadOnlyList<string> SubjectCodes, IReadOnlyList<LicenceView> Licences, string LicenceStatus, IReadOnlyList<ContactView> Contacts,
    DateTimeOffset RegisteredAt, DateTimeOffset UpdatedAt, IReadOnlyList<string> ProductLines)
{
    public static EnterpriseView From(EnterpriseRecord e, DateOnly today, bool fullContacts)
    {
        var licences = e.Licences.Select(l => new LicenceView(l.Kind, l.Number, l.ValidUntil, EnterpriseRules.LicenceStatus(l.ValidUntil, today))).ToList();
        var subjects = e.Ids.Where(i => i.Kind == RegisteredIdKinds.Subject).Select(i => i.Id).Order(StringComparer.Ordinal).ToList();
        return new(e.Uscc, e.Name, e.Region, Regions.NameOf(e.Region), subjects.FirstOrDefault(), e.CheckConfirmed, e.NodeTypes, e.Categories,
            [.. e.Ids.Where(i => i.Kind == RegisteredIdKinds.Party).Select(i => i.Id)],
            [.. e.Ids.Where(i => i.Kind == RegisteredIdKinds.Location).Select(i => i.Id)],
            subjects, licences, Summary(licences),
            [.. e.Contacts.Select(c => new ContactView(c.Name, fullContacts ? c.Phone : EnterpriseRules.MaskPhone(c.Phone)))],
            e.RegisteredAt, e.UpdatedAt, e.ProductLines ?? []);
    }

    /// <summary>The worst licence state: what a regulator scanning a list needs to see first.</summary>
    private static string Summary(IReadOnlyList<LicenceView> licences) =>
        licences.Count == 0 ? "none" : licences.Any(l => l.Status == "expired") ? "expired" : licences.Any(l => l.Status == "expiring") ? "expiring" : "valid";
}

internal sealed record EnterpriseListView(IReadOnlyList<EnterpriseView> Items, long Total, int Page, int PageSize);

internal sealed record TraceCodeRequest(int? Count);

internal sealed record CatalogueInput(string? Category, string? Department, string? Listing, string? Name, string? Gtin);
