using Suyuan.Hosting.Directory;
using Suyuan.Storage.Registry;

namespace Suyuan.Features.Registry;

/// <summary>
/// The enterprise directory over the registry tables, held in memory: reloaded when this process writes to the registry, and at
/// least every minute so that registrations made by another process (the command line) are seen too.
/// </summary>
internal sealed class RegistryDirectory(RegistryStore registry, TimeProvider clock) : IEnterpriseDirectory
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Cached? _cached;

    private sealed record Cached(DirectorySnapshot Snapshot, long Version, DateTimeOffset LoadedAt);

    public async ValueTask<string?> OwnerOfAsync(string partyOrLocation, CancellationToken ct = default) =>
        (await OwnerLookupAsync(ct))(partyOrLocation);

    /// <remarks>A sub-location (a GLN with an extension) belongs to whoever registered its GLN, unless registered itself.</remarks>
    public async ValueTask<Func<string, string?>> OwnerLookupAsync(CancellationToken ct = default)
    {
        var owners = (await SnapshotAsync(ct)).OwnerById;
        return id =>
        {
            string canonical;
            try
            {
                canonical = EnterpriseRules.Canonical(id);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return null; // no identifier the registry could hold
            }
            return owners.TryGetValue(canonical, out var uscc) || owners.TryGetValue(EnterpriseRules.Gln(canonical), out uscc) ? uscc : null;
        };
    }

    public async ValueTask<IReadOnlySet<string>> IdsOfAsync(string uscc, CancellationToken ct = default) =>
        (await SnapshotAsync(ct)).IdsByUscc.TryGetValue(uscc.ToUpperInvariant(), out var ids) ? ids : Empty;

    public async ValueTask<IReadOnlySet<string>> CategoriesOfAsync(string uscc, CancellationToken ct = default) =>
        (await SnapshotAsync(ct)).CategoriesByUscc.TryGetValue(uscc.ToUpperInvariant(), out var categories) ? categories : Empty;

    private async ValueTask<DirectorySnapshot> SnapshotAsync(CancellationToken ct)
    {
        if (Fresh(_cached) is { } cached)
        {
            return cached.Snapshot;
        }
        await _loading.WaitAsync(ct);
        try
        {
            if (Fresh(_cached) is { } again)
            {
                return again.Snapshot;
            }
            // Read the version first: a write that lands during the load makes the next call load again.
            var version = registry.Version;
            var snapshot = await registry.SnapshotAsync(ct);
            _cached = new Cached(snapshot, version, clock.GetUtcNow());
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    private Cached? Fresh(Cached? cached) =>
        cached is not null && cached.Version == registry.Version && clock.GetUtcNow() - cached.LoadedAt < MaxAge ? cached : null;
}
