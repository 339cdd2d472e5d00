namespace Suyuan.Hosting.Directory;

/// <summary>
/// Who is who, as the rest of the platform asks it: which enterprise (by unified social credit code) a party or location
/// belongs to, and which parties and locations an enterprise has. Identifiers are in canonical form
/// (IdentifierConverter.Canonicalise: GS1 Digital Link for GS1 keys, as given otherwise).
/// </summary>
public interface IEnterpriseDirectory
{
    /// <summary>The USCC of the enterprise that owns the party or location, or null when it is not registered.</summary>
    ValueTask<string?> OwnerOfAsync(string partyOrLocation, CancellationToken ct = default);

    /// <summary>The canonical ids of the enterprise's parties and locations (empty when unknown).</summary>
    ValueTask<IReadOnlySet<string>> IdsOfAsync(string uscc, CancellationToken ct = default);

    /// <summary>The categories the enterprise is registered to trace (Categories codes; empty when unknown).</summary>
    ValueTask<IReadOnlySet<string>> CategoriesOfAsync(string uscc, CancellationToken ct = default);

    /// <summary>
    /// <see cref="OwnerOfAsync"/> for checks that run on every event of a document without waiting: the USCC of the owner
    /// of a party or location (in any form) as the directory is now, or null when it is not registered.
    /// </summary>
    ValueTask<Func<string, string?>> OwnerLookupAsync(CancellationToken ct = default);
}
