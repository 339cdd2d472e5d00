using System.Data.Common;
using Dapper;
using Suyuan.Hosting.Projections;
using Suyuan.Storage;

namespace Suyuan.Features.Rules;

/// <summary>
/// The rules' rows kept of an event later declared erroneous: a certificate, an application, a coding and its expiry, a
/// packing, a recall, a shipment. They are deleted, so a later record is judged as if the event had never been captured
/// (a harvest after a declared application raises nothing; a receipt after a declared shipment is a chain break). Those
/// tables are keyed by good, not by event: each is read through, which declarations, being rare, afford.
/// </summary>
internal sealed class DeclaredRuleState(FeatureDatabase database) : IDeclaredEventState
{
    private static readonly string[] Tables =
    [
        "food_certified_lots", "food_meat_lots", "food_pesticide_applications", "food_drug_serials", "food_drug_expiry",
        "food_containment", "food_recalled", "food_shipments",
    ];

    public async Task RetractAsync(IReadOnlyCollection<string> eventIds, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        foreach (var chunk in eventIds.Chunk(500))
        {
            foreach (var table in Tables)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM {table} WHERE {database.In("event_id", "ids")}", new { ids = chunk }, transaction, cancellationToken: ct));
            }
        }
    }
}
