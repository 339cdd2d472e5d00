namespace Suyuan.Storage.Sqlite;

/// <summary>Named queries and resource listings: shared SQL in RelationalEventStore.Resources.cs.</summary>
public sealed partial class SqliteEventStore
{
    public Task<bool> CreateNamedQueryAsync(NamedQuery query, CancellationToken ct = default) => _store.CreateNamedQueryAsync(query, ct);
    public Task<NamedQuery?> GetNamedQueryAsync(string owner, string name, CancellationToken ct = default) => _store.GetNamedQueryAsync(owner, name, ct);
    public Task<IReadOnlyList<NamedQuery>> ListNamedQueriesAsync(string owner, string? after, int limit, CancellationToken ct = default) => _store.ListNamedQueriesAsync(owner, after, limit, ct);
    public Task<bool> DeleteNamedQueryAsync(string owner, string name, CancellationToken ct = default) => _store.DeleteNamedQueryAsync(owner, name, ct);
    public Task<IReadOnlyList<string>> ListResourceValuesAsync(EventResource resource, string? after, int limit, IReadOnlyCollection<string>? places = null, CancellationToken ct = default) =>
        _store.ListResourceValuesAsync(resource, after, limit, places, ct);
    public Task<bool> ResourceValueExistsAsync(EventResource resource, string value, IReadOnlyCollection<string>? places = null, CancellationToken ct = default) =>
        _store.ResourceValueExistsAsync(resource, value, places, ct);
}
